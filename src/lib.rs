//! create-agent-app: generates multi-agent LLM applications for AWS.
//!
//! One configuration ([`Config`]) goes in; a project comes out as files ([`files`]), a
//! zip ([`generate`]), a list of paths ([`plan`]), one file ([`render`]) or an architecture
//! diagram ([`diagram`], SVG). [`update`] merges what the generator makes now into a
//! project the user has edited (three-way, by file and line). The same functions are
//! exported to JavaScript by the `wasm` module.
//!
//! ```
//! let config = create_agent_app::Config::from_json(r#"{"app_name": "loan-desk"}"#).unwrap();
//! let zip = create_agent_app::generate(&config).unwrap();
//! assert_eq!(&zip[..2], b"PK");
//! let readme = create_agent_app::render(&config, "README.md").unwrap();
//! assert!(readme.starts_with("# Loan Desk"));
//! ```

pub mod archive;
pub mod aws_names;
pub mod config;
pub mod diagram;
pub mod error;
pub mod filters;
pub mod lifecycle;
mod locks;
pub mod manifest;
#[cfg(feature = "mutate")]
pub mod mutate;
pub mod names;
pub mod render;
pub mod update;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use config::{Agent, Config, Role, schema, validate};
pub use diagram::diagram;
pub use error::{Error, FieldError};
pub use lifecycle::{ProjectUpdate, add_agent, remove_agent, update_project};
pub use render::GeneratedFile;
use serde::Serialize;
pub use update::{Update, update};

/// The generator's version, recorded in every project it writes.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The default configuration, as a form or prompt shows it before the user answers.
pub fn defaults() -> Config {
    Config::default()
}

/// Every file of the project, sorted by path, paths relative to the project root.
pub fn files(config: &Config) -> Result<Vec<GeneratedFile>, Error> {
    let env = render::environment_for(config);
    let context = render::RenderContext::new(config);
    let mut files = manifest::layout(config, &env)?
        .iter()
        .map(|planned| render::render_planned(&env, &context, planned))
        .collect::<Result<Vec<_>, _>>()?;
    files.extend(locks::lockfiles(config, &files)?);
    files.push(lifecycle::answers_file(config, &files));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The project as a zip archive with one root folder named after the app.
pub fn generate(config: &Config) -> Result<Vec<u8>, Error> {
    archive::write_zip(&config.app_name, &files(config)?)
}

/// One entry of [`plan`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanEntry {
    pub path: String,
    /// Size in bytes.
    pub size: usize,
    pub executable: bool,
}

/// The paths the project will have, with sizes and run bits.
pub fn plan(config: &Config) -> Result<Vec<PlanEntry>, Error> {
    Ok(files(config)?
        .into_iter()
        .map(|f| PlanEntry { path: f.path, size: f.contents.len(), executable: f.executable })
        .collect())
}

/// One file of the project as text, for previews.
pub fn render(config: &Config, path: &str) -> Result<String, Error> {
    let env = render::environment_for(config);
    let planned = manifest::layout(config, &env)?;
    let rendered = match planned.iter().find(|p| p.path == path) {
        Some(file) => render::render_planned(&env, &render::RenderContext::new(config), file)?,
        // Lockfiles are fitted to the manifests they lock; the answers file hashes all.
        None => files(config)?
            .into_iter()
            .find(|f| f.path == path)
            .ok_or_else(|| Error::UnknownPath(path.to_string()))?,
    };
    Ok(String::from_utf8_lossy(&rendered.contents).into_owned())
}
