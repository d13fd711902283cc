// The pager, for the CLI (which imports no infra values).
export { pageText } from '../../infra/process/pager.js';
