/**
 * The failure converter of every client, worker and workflow bundle: failure messages and stack
 * traces (which can quote values, personal data among them) go into an encoded attribute that the
 * payload codec encrypts, instead of into the history in clear; Temporal shows "Encoded failure".
 * CommonJS and plain JavaScript because the SDK loads it by path with require(), outside any
 * TypeScript loader, and bundles the same file into the workflow sandbox.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by require(), see above
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
