//! Errors: what went wrong and, for configuration problems, which field.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One problem with one configuration field.
///
/// `field` is a path such as `app_name` or `agents[2].name` (empty for the config as a
/// whole); `message` says what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError { field: field.into(), message: message.into() }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "config: {}", self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

/// Everything the generator can fail with.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The configuration is invalid; every problem is listed.
    Invalid(Vec<FieldError>),
    /// `render` was asked for a path this configuration does not generate.
    UnknownPath(String),
    /// A template failed to render (a bug in the generator, never in user input).
    Template { template: String, message: String },
    /// The archive could not be written.
    Archive(String),
}

impl Error {
    /// The field errors of an [`Error::Invalid`], empty for the other kinds.
    pub fn fields(&self) -> &[FieldError] {
        match self {
            Error::Invalid(errors) => errors,
            _ => &[],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(errors) => {
                write!(f, "invalid configuration")?;
                for e in errors {
                    write!(f, "\n  {e}")?;
                }
                Ok(())
            }
            Error::UnknownPath(path) => write!(
                f,
                "{} is not generated for this configuration — call plan() to list the paths",
                crate::config::shown(path)
            ),
            Error::Template { template, message } => {
                write!(f, "template {template} failed to render: {message}")
            }
            Error::Archive(message) => write!(f, "could not write the archive: {message}"),
        }
    }
}

impl std::error::Error for Error {}
