/**
 * The throttling error each AWS service answers with, in its own wire
 * format, as the limits proxy sends it when a bucket is empty.
 */
import { randomUUID } from 'node:crypto';

/** An HTTP answer: status, headers and body. */
export interface ThrottleResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The XML namespace of each query-protocol service's `ErrorResponse`. */
const QUERY_NAMESPACES: Readonly<Record<string, string>> = {
  rds: 'http://rds.amazonaws.com/doc/2014-10-31/',
  autoscaling: 'http://autoscaling.amazonaws.com/doc/2011-01-01/',
  elbv2: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  elb: 'http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/',
};

/**
 * The throttling error of `service`:
 * - EC2: HTTP 503, `<Response><Errors><Error><Code>RequestLimitExceeded</Code>…` (EC2's own XML error shape);
 * - query-protocol services (RDS, Auto Scaling, ELB): HTTP 400, `<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>…`;
 * - a JSON-protocol request (`json` true): HTTP 400, `{"__type":"ThrottlingException","message":"Rate exceeded"}`.
 *
 * The RDS and ELB pages name the error `ThrottlingException` (as boto3 prints
 * it); both codes are on every AWS SDK's list of throttling errors.
 */
export function throttleResponse(service: string, json: boolean): ThrottleResponse {
  const requestId = randomUUID();
  if (service === 'ec2') {
    return {
      status: 503,
      headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId },
      body:
        '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors>' +
        `<RequestID>${requestId}</RequestID></Response>`,
    };
  }
  if (json) {
    return {
      status: 400,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
      body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }),
    };
  }
  const namespace = QUERY_NAMESPACES[service];
  return {
    status: 400,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body:
      `<ErrorResponse${namespace === undefined ? '' : ` xmlns="${namespace}"`}>` +
      '<Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>' +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}
