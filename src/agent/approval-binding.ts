// The hash an approval binds to is the approvals model's (src/approvals,
// subject-binding.ts): one definition, so the queue and the loop agree on what
// was approved. Recomputed right before running or writing.
export { bindingSha256 } from '../approvals';
