type Env = Record<string, string | undefined>;

export interface ObservabilityConfig {
  /** The deployment's stage (the `Stage` dimension of every metric); `local` off AWS. */
  stage: string;
}

const STAGE = /^[A-Za-z][A-Za-z0-9-]{0,39}$/;

/** Reads WIXFLOW_STAGE once at start (the stack sets it); throws naming it when malformed. */
export function loadObservabilityConfig(env: Env = process.env): ObservabilityConfig {
  const stage = env.WIXFLOW_STAGE?.trim() || 'local';
  if (!STAGE.test(stage)) {
    throw new Error(`observability configuration is invalid: WIXFLOW_STAGE: not a stage name (${stage})`);
  }
  return { stage };
}
