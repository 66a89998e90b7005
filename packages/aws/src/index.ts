/**
 * `@decomkit/aws`: decomkit's source ports over the AWS SDK for JavaScript v3.
 * @packageDocumentation
 */
export {};
