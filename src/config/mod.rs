//! The generator's configuration: one type that yields the defaults, the JSON Schema and
//! the validation rules.
//!
//! The model, its defaults and normalisation live here; reading a config goes through
//! three steps, each in its own module:
//!
//! - `parse`: type-checks each field on its own, so one bad field does not hide another,
//!   and refuses oversized values before looking inside them;
//! - `validate`: the rules a well-typed config must also meet (names, regions, agents);
//! - `schema`: the JSON Schema the web form, the CLI prompts and the options reference use.
//!
//! ```
//! use create_agent_app::Config;
//! let config = Config::from_json(r#"{"app_name": "loan-desk", "agents": "planner, scorer"}"#).unwrap();
//! assert_eq!(config.orchestrator().name, "planner");
//! assert_eq!(config.app_title, "Loan Desk");
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, FieldError};

mod parse;
mod schema;
mod validate;

pub use schema::schema;
pub use validate::{RESERVED_AGENT_NAMES, validate};

/// Most agents one project may have.
///
/// ```
/// use create_agent_app::{config::MAX_AGENTS, validate};
/// let names: Vec<String> = (0..=MAX_AGENTS).map(|i| format!("agent_{i}")).collect();
/// assert_eq!(validate(&serde_json::json!({"agents": names}))[0].field, "agents");
/// ```
pub const MAX_AGENTS: usize = 16;

/// create-agent-app configuration
///
/// Everything the generator needs to write a project. Every field has a default, so `{}`
/// is a valid configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    #[schemars(title = "App name")]
    /// Lowercase letters, digits and hyphens, 3–32 characters, starting with a letter.
    /// Names the project folder and prefixes every AWS resource.
    #[schemars(regex(pattern = r"^[a-z][a-z0-9-]{1,30}[a-z0-9]$"), length(min = 3, max = 32))]
    pub app_name: String,

    #[schemars(title = "Description")]
    /// One or two sentences on what the app does. Shown in the README, the web page and
    /// the agents' instructions.
    #[schemars(length(max = 1000))]
    pub app_description: String,

    #[schemars(title = "Title")]
    /// Human-readable name. Leave empty to derive it from the app name
    /// (`loan-desk` → `Loan Desk`).
    #[schemars(length(max = 100))]
    pub app_title: String,

    #[schemars(title = "AWS region")]
    /// Region for the app's resources, e.g. `us-east-1` or `eu-west-1`.
    #[schemars(regex(pattern = r"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$"))]
    pub aws_region: String,

    #[schemars(title = "Bedrock region")]
    /// Region where the Bedrock model is called; it may differ from the AWS region.
    #[schemars(regex(pattern = r"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$"))]
    pub bedrock_region: String,

    #[schemars(title = "Bedrock model")]
    /// Bedrock model id, inference-profile id or ARN the agents use.
    #[schemars(length(min = 1, max = 2048))]
    pub bedrock_model_id: String,

    #[schemars(title = "Agents")]
    /// The app's agents: a list of `{name, role, description}` or a comma-separated string
    /// of names. Names are snake_case. Exactly one agent is the orchestrator (the first,
    /// unless a role says otherwise); the rest are workers it calls.
    #[serde(deserialize_with = "deserialize_agents")]
    #[schemars(length(min = 1, max = 16))]
    pub agents: Vec<Agent>,

    #[schemars(title = "Sign-in provider")]
    /// Who issues the users' JWTs: Clerk or Amazon Cognito.
    pub auth_provider: AuthProvider,

    #[schemars(title = "Vector store")]
    /// Knowledge base for the agents: none, S3 Vectors or OpenSearch Serverless.
    pub vectors: Vectors,

    #[schemars(title = "Embeddings", extend("x-hidden-when" = {"vectors": "none"}))]
    /// Embedding model for the vector store (used only when a vector store is chosen).
    pub embeddings: Embeddings,

    #[schemars(title = "Async service", extend("examples" = ["none", "news_feed"]))]
    /// `none`, or the snake_case name of a scheduled agent that feeds the app (for
    /// example `news_feed`): a Lambda function EventBridge Scheduler runs.
    pub async_service: String,

    #[schemars(title = "Observability")]
    /// LangFuse tracing of agent runs plus a CloudWatch dashboard and alarms.
    pub observability: bool,

    #[schemars(title = "Guides")]
    /// How much the step-by-step deployment guides explain.
    pub guides: Guides,

    #[schemars(title = "Lambda architecture")]
    /// CPU architecture of the Lambda functions (arm64 is cheaper per second).
    pub lambda_architecture: LambdaArchitecture,

    #[schemars(title = "Lambda SnapStart")]
    /// Cuts the cold starts of the agent and API functions by resuming them from a snapshot
    /// taken at deploy, at an extra cost for each cached snapshot and each restore.
    pub snapstart: bool,

    #[schemars(title = "Guardrails")]
    /// `bedrock`: an Amazon Bedrock guardrail (content filters, personal data masked or
    /// blocked, denied topics you write) screens every model call's input and output; a
    /// blocked request fails its job with a clear message. `none`: no guardrail.
    pub guardrails: Guardrails,
}

/// One agent of the app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agent {
    #[schemars(title = "Name")]
    /// snake_case Python identifier, at most 30 characters; names the agent's folder,
    /// Lambda function and its rows of job results.
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_]{0,28}[a-z0-9]?$"))]
    pub name: String,

    #[schemars(title = "Role")]
    /// `orchestrator` (receives the job and calls the workers) or `worker`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,

    #[schemars(title = "Description")]
    /// What this agent does, in a sentence; seeds its instructions.
    #[serde(default)]
    #[schemars(length(max = 500))]
    pub description: String,
}

/// What an agent does in the job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Receives the job from the queue and delegates to the workers.
    Orchestrator,
    /// Does one part of the job when the orchestrator calls it.
    Worker,
}

/// Who issues the JWTs the API accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "kebab-case")]
pub enum AuthProvider {
    /// Clerk (hosted sign-in; the source app's choice).
    #[default]
    Clerk,
    /// Amazon Cognito user pool.
    Cognito,
}

/// The agents' knowledge base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Vectors {
    /// No vector store.
    #[default]
    None,
    /// Amazon S3 Vectors bucket and index.
    S3Vectors,
    /// Amazon OpenSearch Serverless vector collection.
    Opensearch,
}

/// Where embeddings come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Embeddings {
    /// A SageMaker serverless endpoint running a sentence-transformers model.
    #[default]
    Sagemaker,
    /// Amazon Titan text embeddings on Bedrock.
    BedrockTitan,
}

/// How much the guides explain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Guides {
    /// Every step with its why, costs and troubleshooting.
    #[default]
    Full,
    /// The commands with one line of context each.
    Quickstart,
    /// Commands only.
    Minimal,
}

/// CPU architecture of the Lambda functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
pub enum LambdaArchitecture {
    /// AWS Graviton.
    #[default]
    #[serde(rename = "arm64")]
    Arm64,
    /// Intel/AMD.
    #[serde(rename = "x86_64")]
    X86_64,
}

/// What screens the agents' model calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Guardrails {
    /// No guardrail: only each agent's own input check.
    #[default]
    None,
    /// An Amazon Bedrock guardrail on every Converse call.
    Bedrock,
}

impl Default for Config {
    fn default() -> Self {
        let agent = |name: &str, description: &str| Agent {
            name: name.into(),
            role: None,
            description: description.into(),
        };
        Config {
            app_name: "my-agent-app".into(),
            app_description:
                "A team of AI agents that research a question and write up the answer.".into(),
            app_title: String::new(),
            aws_region: "us-east-1".into(),
            bedrock_region: "us-west-2".into(),
            bedrock_model_id: "us.amazon.nova-pro-v1:0".into(),
            agents: vec![
                agent("orchestrator", "Plans the job, calls the workers and writes the summary."),
                agent("researcher", "Gathers the facts the job needs."),
                agent("writer", "Turns the findings into a clear report."),
            ],
            auth_provider: AuthProvider::Clerk,
            vectors: Vectors::None,
            embeddings: Embeddings::Sagemaker,
            async_service: "none".into(),
            observability: true,
            guides: Guides::Full,
            lambda_architecture: LambdaArchitecture::Arm64,
            snapstart: false,
            guardrails: Guardrails::None,
        }
    }
}

impl Config {
    /// Parses, validates and normalises a configuration given as JSON text.
    ///
    /// ```
    /// use create_agent_app::Config;
    /// assert_eq!(Config::from_json("{}").unwrap(), Config::from_json("null").unwrap());
    /// assert!(Config::from_json("{").is_err());
    /// ```
    pub fn from_json(text: &str) -> Result<Config, Error> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            Error::Invalid(vec![FieldError::new("", format!("not valid JSON: {e}"))])
        })?;
        Config::from_value(&value)
    }

    /// Parses, validates and normalises a configuration. Missing fields take their
    /// defaults; every problem is reported at once, each naming its field.
    ///
    /// ```
    /// use create_agent_app::Config;
    /// let err = Config::from_value(&serde_json::json!({"app_name": "X", "guides": "all"}));
    /// let fields: Vec<_> = err.unwrap_err().fields().iter().map(|e| e.field.clone()).collect();
    /// assert_eq!(fields, ["app_name", "guides"]);
    /// ```
    pub fn from_value(value: &Value) -> Result<Config, Error> {
        let (config, mut errors) = parse::parse(value);
        if let Some(config) = &config {
            errors.extend(validate::check_rules(config));
        }
        match config {
            Some(config) if errors.is_empty() => Ok(config.normalized()),
            _ => Err(Error::Invalid(validate::in_field_order(errors))),
        }
    }

    /// The orchestrator agent. Only meaningful on a validated config.
    ///
    /// ```
    /// use create_agent_app::Config;
    /// let config = Config::from_json(r#"{"agents": "scout, lead"}"#).unwrap();
    /// assert_eq!(config.orchestrator().name, "scout");
    /// ```
    pub fn orchestrator(&self) -> &Agent {
        self.agents.iter().find(|a| a.role == Some(Role::Orchestrator)).unwrap_or(&self.agents[0])
    }

    /// Fills what the user may leave implicit: the title and every agent's role.
    fn normalized(mut self) -> Config {
        if self.app_title.trim().is_empty() {
            self.app_title = crate::filters::title_case(&self.app_name);
        }
        let has_orchestrator = self.agents.iter().any(|a| a.role == Some(Role::Orchestrator));
        for (i, agent) in self.agents.iter_mut().enumerate() {
            if agent.role.is_none() {
                let first_by_default = i == 0 && !has_orchestrator;
                agent.role = Some(if first_by_default { Role::Orchestrator } else { Role::Worker });
            }
        }
        self
    }
}

/// Characters of a user's value quoted back in a message.
const SHOWN_CHARS: usize = 40;

/// `value` quoted for a message, cut to its first 40 characters.
pub(crate) fn shown(value: &str) -> String {
    match value.char_indices().nth(SHOWN_CHARS) {
        Some((end, _)) => format!("{:?}", format!("{}…", &value[..end])),
        None => format!("{value:?}"),
    }
}

/// Accepts agents as `"a, b, c"`, `["a", "b"]` or `[{name, role, description}, …]`.
/// Elements are deserialized in place, so errors keep their path (`agents[1].role`).
fn deserialize_agents<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Agent>, D::Error> {
    use serde::de::{MapAccess, SeqAccess, Visitor, value::MapAccessDeserializer};
    use std::fmt::Formatter;

    struct AgentsVisitor;
    impl<'de> Visitor<'de> for AgentsVisitor {
        type Value = Vec<Agent>;
        fn expecting(&self, f: &mut Formatter) -> std::fmt::Result {
            f.write_str("a comma-separated string of names or a list of agents")
        }
        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Vec<Agent>, E> {
            if text.trim().is_empty() {
                return Ok(Vec::new());
            }
            Ok(text.split(',').map(|name| Agent::named(name.trim())).collect())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Agent>, A::Error> {
            let mut agents = Vec::new();
            while let Some(AgentEntry(agent)) = seq.next_element()? {
                agents.push(agent);
            }
            Ok(agents)
        }
    }

    /// One list element: a bare name or a full agent object.
    struct AgentEntry(Agent);
    impl<'de> Deserialize<'de> for AgentEntry {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct EntryVisitor;
            impl<'de> Visitor<'de> for EntryVisitor {
                type Value = AgentEntry;
                fn expecting(&self, f: &mut Formatter) -> std::fmt::Result {
                    f.write_str("an agent name or an object {name, role, description}")
                }
                fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<AgentEntry, E> {
                    Ok(AgentEntry(Agent::named(name)))
                }
                fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<AgentEntry, M::Error> {
                    Agent::deserialize(MapAccessDeserializer::new(map)).map(AgentEntry)
                }
            }
            deserializer.deserialize_any(EntryVisitor)
        }
    }

    deserializer.deserialize_any(AgentsVisitor)
}

impl Agent {
    fn named(name: &str) -> Agent {
        Agent { name: name.to_string(), role: None, description: String::new() }
    }
}

/// The config as a JSON object, fields in declaration order.
fn as_object(config: &Config) -> Map<String, Value> {
    match serde_json::to_value(config).expect("a Config serialises") {
        Value::Object(map) => map,
        _ => unreachable!("Config serialises to an object"),
    }
}

/// The config as the templates see it: normalised fields plus a few derived lists.
pub(crate) fn template_context(config: &Config) -> Map<String, Value> {
    let mut context = as_object(config);
    let orchestrator = config.orchestrator();
    let workers: Vec<&Agent> =
        config.agents.iter().filter(|a| a.name != orchestrator.name).collect();
    context.insert("orchestrator".into(), serde_json::to_value(orchestrator).expect("serialises"));
    context.insert("workers".into(), serde_json::to_value(workers).expect("serialises"));
    context.insert("generator_version".into(), Value::from(crate::VERSION));
    context
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The errors for `input`, as `field: message` lines.
    pub(super) fn errors(input: Value) -> Vec<FieldError> {
        let found = validate(&input);
        assert!(!found.is_empty(), "expected {input} to be invalid");
        found
    }

    pub(super) fn error_on(input: Value, field: &str, needle: &str) {
        let found = errors(input.clone());
        assert!(
            found.iter().any(|e| e.field == field && e.message.contains(needle)),
            "no error on {field} containing {needle:?} for {input}; got {found:?}"
        );
    }

    #[test]
    fn empty_object_and_null_give_the_defaults() {
        let config = Config::from_value(&json!({})).unwrap();
        assert_eq!(config, Config::from_value(&Value::Null).unwrap());
        assert_eq!(config.app_name, "my-agent-app");
        assert_eq!(config.app_title, "My Agent App");
        assert!(!config.snapstart, "SnapStart costs extra, so it is opt-in");
        let names: Vec<_> =
            config.agents.iter().map(|a| (a.name.as_str(), a.role.unwrap())).collect();
        assert_eq!(
            names,
            [
                ("orchestrator", Role::Orchestrator),
                ("researcher", Role::Worker),
                ("writer", Role::Worker)
            ]
        );
    }

    #[test]
    fn agents_as_comma_string_names_or_objects() {
        let from_string = Config::from_value(&json!({"agents": " lead ,scout,scribe "})).unwrap();
        let from_names =
            Config::from_value(&json!({"agents": ["lead", "scout", "scribe"]})).unwrap();
        let from_objects = Config::from_value(&json!({"agents": [
            {"name": "lead"}, {"name": "scout", "role": "worker"}, {"name": "scribe"}
        ]}))
        .unwrap();
        assert_eq!(from_string, from_names);
        assert_eq!(from_names, from_objects);
        assert_eq!(from_string.orchestrator().name, "lead");
    }

    #[test]
    fn an_explicit_orchestrator_anywhere_wins_over_first_by_default() {
        let config = Config::from_value(&json!({"agents": [
            {"name": "scout"}, {"name": "lead", "role": "orchestrator", "description": "Runs it"}
        ]}))
        .unwrap();
        assert_eq!(config.orchestrator().name, "lead");
        assert_eq!(config.agents[0].role, Some(Role::Worker));
        assert_eq!(config.agents[1].description, "Runs it");
    }

    #[test]
    fn a_given_title_is_kept() {
        let config = Config::from_value(&json!({"app_title": "Loan Desk™"})).unwrap();
        assert_eq!(config.app_title, "Loan Desk™");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let found = errors(json!({
            "app_name": "Bad Name", "auth_provider": "okta", "agents": "lead, class, lead", "extra": 1
        }));
        let fields: Vec<&str> = found.iter().map(|e| e.field.as_str()).collect();
        for field in ["app_name", "auth_provider", "agents[1].name", "agents[2].name", "extra"] {
            assert!(fields.contains(&field), "{field} missing from {fields:?}");
        }
    }

    #[test]
    fn deeply_nested_json_text_is_an_error_not_a_stack_overflow() {
        for text in [
            format!("{{\"app_name\": {}1{}}}", "[".repeat(10_000), "]".repeat(10_000)),
            format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000)),
        ] {
            let Err(Error::Invalid(found)) = Config::from_json(&text) else { panic!("accepted") };
            assert_eq!(found.len(), 1);
            assert!(found[0].message.contains("recursion limit exceeded"), "{}", found[0].message);
        }
    }
}
