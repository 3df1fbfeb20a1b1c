export type Role = 'orchestrator' | 'worker';

export interface Agent {
  name: string;
  role?: Role;
  description?: string;
}

/** A configuration; every field is optional and takes its default when missing. */
export interface Config {
  app_name?: string;
  app_description?: string;
  app_title?: string;
  aws_region?: string;
  bedrock_region?: string;
  bedrock_model_id?: string;
  /** A list of agents, or a comma-separated string of names. */
  agents?: Array<Agent | string> | string;
  auth_provider?: 'clerk' | 'cognito';
  vectors?: 'none' | 's3-vectors' | 'opensearch';
  embeddings?: 'sagemaker' | 'bedrock-titan';
  async_service?: string;
  observability?: boolean;
  guides?: 'full' | 'quickstart' | 'minimal';
  lambda_architecture?: 'arm64' | 'x86_64';
  snapstart?: boolean;
  guardrails?: 'none' | 'bedrock';
}

export interface FieldError {
  /** e.g. `app_name` or `agents[2].name`; empty for the config as a whole. */
  field: string;
  message: string;
}

/** What every function throws: `name` is `ConfigError` for an invalid config. */
export interface GeneratorError extends Error {
  fields: FieldError[];
}

export interface GeneratedFile {
  path: string;
  contents: Uint8Array;
  executable: boolean;
}

export interface PlanEntry {
  path: string;
  size: number;
  executable: boolean;
}

export function generate(config?: Config): Uint8Array;
export function files(config?: Config): GeneratedFile[];
export function validate(config?: unknown): FieldError[];
export function schema(): Record<string, unknown>;
export function defaults(): Required<Config>;
export function normalize(config?: Config): Required<Config>;
export function plan(config?: Config): PlanEntry[];
export function render(config: Config | undefined, path: string): string;
/** The app's architecture diagram as SVG text (`role="img"`, with `<title>` and `<desc>`). */
export function diagram(config?: Config): string;
export const version: string;

export interface UpdateChange {
  path: string;
  /** add | update | merge (both edited, cleanly) | conflict | remove */
  action: 'add' | 'update' | 'merge' | 'conflict' | 'remove';
  /** Why, for a conflict. */
  reason: string;
}

export interface UpdateResult {
  /** Files to write: added, updated, merged (a conflict's file carries both sides between markers). */
  files: GeneratedFile[];
  /** Paths to delete. */
  removed: string[];
  changes: UpdateChange[];
  /** Paths that need the user: overlapping edits, or a file one side deleted and the other changed. */
  conflicts: string[];
}

export interface InputFile {
  path: string;
  contents: Uint8Array | string;
  executable?: boolean;
}

/**
 * Merges what the generator makes now (`next`) into the user's files (`current`) over
 * what it made for the project's recorded answers (`base`), file by file and line by line.
 */
export function update(base: InputFile[], next: InputFile[], current: InputFile[]): UpdateResult;

export interface ProjectUpdateResult extends UpdateResult {
  /** The normalised answers the project now records. */
  config: Config;
  /** generated: a full three-way merge; hashes: the recorded hashes stood in for an
   * unavailable base, and files you changed were left alone; none: neither was there. */
  base: 'generated' | 'hashes' | 'none';
  /** The generator version the project recorded. */
  from_version: string;
}

/** A project's `.create-agent-app.json`. */
export interface RecordedAnswers {
  generator: 'create-agent-app';
  version: string;
  config: Config;
  /** path → SHA-256 (hex) of each file as generated. */
  files: Record<string, string>;
}

/**
 * Updates a project (its files, `current`) to `config` (null: its recorded answers) as
 * this generator makes it. `base`: what the recorded version made for the recorded
 * answers, if you have it.
 */
export function updateProject(current: InputFile[], config?: Partial<Config> | null, base?: InputFile[] | null): ProjectUpdateResult;
export function readAnswers(contents: Uint8Array | string): RecordedAnswers;
export function addAgent(config: Partial<Config>, agent: { name: string; role?: 'orchestrator' | 'worker'; description?: string }): Config;
export function removeAgent(config: Partial<Config>, name: string): Config;
/** A project's zip as files (its root folder stripped; .git, node_modules and the like skipped). */
export function unzip(bytes: Uint8Array): GeneratedFile[];
/** Files as zip bytes under the folder `root`, as generate() writes a project. */
export function zip(root: string, files: InputFile[]): Uint8Array;
