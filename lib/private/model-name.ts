/**
 * The rule for `MlModelDefinition.name`, shared by the stack that checks definitions and the tools that
 * take a model name (scripts/upload-training-data.ts). Internal: not exported from the package.
 */

/** A DNS-1123 label of at most 40 characters: it names Kubernetes objects and prefixes S3 keys. */
export const MODEL_NAME_PATTERN = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;

/** What `MODEL_NAME_PATTERN` allows, for error messages. */
export const MODEL_NAME_ALLOWED = 'must be a DNS-1123 label of at most 40 characters (a-z, 0-9, -)';
