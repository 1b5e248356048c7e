// The shared Result type lives in services/model/result.ts; this keeps the workflow imports short.
export {
  type CodedFailure,
  type Failure,
  type FailReason,
  type FailureCode,
  type FailureData,
  type Result,
  type WordedFailure,
  fail,
  failure,
} from '../model/result';
