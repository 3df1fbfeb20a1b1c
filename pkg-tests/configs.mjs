// The configs the expensive gates check by hand (each for a reason given beside it);
// covering-backend.test.mjs and covering-frontend.test.mjs add the projects that get
// every pair of option values checked.

/** Projects whose own make setup, lint, test, job and eval run (generated.test.mjs). */
export const PROJECTS = {
  // The defaults, with the framework's own tests.
  default: {},
  // Every option away from its default that the backend reads, and agents listed out of
  // order (the orchestrator named by its role).
  'everything-on': {
    app_name: 'loan-desk',
    auth_provider: 'cognito',
    vectors: 's3-vectors',
    embeddings: 'bedrock-titan',
    async_service: 'news_feed',
    observability: false,
    guides: 'minimal',
    lambda_architecture: 'x86_64',
    agents: [{ name: 'scout' }, { name: 'lead', role: 'orchestrator' }, { name: 'scribe' }],
    guardrails: 'bedrock',
  },
  // An orchestrator with no workers.
  'one-agent': { app_name: 'solo-app', agents: 'solo' },
};

/** Projects whose make frontend-test runs and whose dashboard a browser drives
 * (frontend.test.mjs): one per sign-in provider. */
export const FRONTENDS = {
  clerk: { app_name: 'clerk-app' },
  cognito: { app_name: 'cognito-app', auth_provider: 'cognito', agents: 'lead, scout, scribe' },
};
