//! Rendering: turns the planned files into their contents.

use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value, syntax::SyntaxConfig};

use crate::Error;
use crate::config::{Config, template_context};
use crate::manifest::Planned;

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the project root, `/`-separated.
    pub path: String,
    pub contents: Vec<u8>,
    pub executable: bool,
}

/// The environment every template renders in: strict about undefined names (a typo in a
/// template is an error, not an empty string), no HTML auto-escaping (the escaping filters
/// are chosen per target language), Jinja's block whitespace control on.
pub(crate) fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_syntax(
        SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .expect("default delimiters are valid"),
    );
    crate::filters::register(&mut env);
    // `{% include "_partials/…" %}` and `{% import %}` resolve against the embedded tree.
    env.set_loader(|name| {
        Ok(crate::manifest::TEMPLATES
            .get_file(name)
            .and_then(|f| String::from_utf8(template_source(name, f.contents()).into_owned()).ok()))
    });
    env
}

/// [`environment`] with the functions that draw from the whole config:
/// `architecture_svg()` returns [`crate::diagram`] of `config` (drawn only when a template
/// calls it).
pub(crate) fn environment_for(config: &Config) -> Environment<'static> {
    let mut env = environment();
    let config = config.clone();
    env.add_function("architecture_svg", move || crate::diagram(&config));
    env
}

/// What the templates see, built once per project: the config as
/// [`template_context`] makes it, and each agent's value for its per-agent files.
pub(crate) struct RenderContext {
    base: Value,
    agents: Vec<Value>,
}

impl RenderContext {
    pub(crate) fn new(config: &Config) -> RenderContext {
        RenderContext {
            base: Value::from(minijinja::value::Serde(template_context(config))),
            agents: config.agents.iter().map(|a| Value::from(minijinja::value::Serde(a))).collect(),
        }
    }

    /// The context of one file: a per-agent file also sees its `agent`.
    fn for_file(&self, planned: &Planned) -> Value {
        match planned.agent {
            Some(index) => {
                minijinja::context! { agent => self.agents[index].clone(), ..self.base.clone() }
            }
            None => self.base.clone(),
        }
    }
}

/// A template's text: the embedded bytes, or with the `mutate` feature the override
/// [`crate::mutate::with_template`] set.
#[cfg(not(feature = "mutate"))]
fn template_source(_path: &str, embedded: &'static [u8]) -> std::borrow::Cow<'static, [u8]> {
    std::borrow::Cow::Borrowed(embedded)
}
#[cfg(feature = "mutate")]
use crate::mutate::source as template_source;

/// Renders one planned file.
pub(crate) fn render_planned(
    env: &Environment,
    context: &RenderContext,
    planned: &Planned,
) -> Result<GeneratedFile, Error> {
    let source = template_source(planned.template_path(), planned.template.contents());
    let contents = if planned.verbatim {
        source.to_vec()
    } else {
        let template = planned.template_path();
        let text = std::str::from_utf8(&source).map_err(|_| Error::Template {
            template: template.into(),
            message: "not UTF-8 text — declare it verbatim in the manifest".into(),
        })?;
        env.render_named_str(template, text, context.for_file(planned))
            .map_err(|e| Error::Template { template: template.into(), message: describe(&e) })?
            .into_bytes()
    };
    Ok(GeneratedFile { path: planned.path.clone(), contents, executable: planned.executable })
}

/// A template error with its cause chain and the template line, e.g.
/// `undefined value (in README.md:12)`.
fn describe(error: &minijinja::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    message
}
