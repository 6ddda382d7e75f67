// Usage errors of the command line (exit 2), next to InputError for bad documents.
export class UsageError extends Error {}
