//! JavaScript bindings (wasm-bindgen). Only conversions live here; behaviour is in the
//! Rust API. Every failure reaches JS as a thrown `Error` whose `fields` lists
//! `{field, message}` (empty unless the config was invalid), never as a trap.

use js_sys::{Array, Error as JsError, Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::{Config, Error, FieldError, GeneratedFile};

fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).expect("plain data converts to JS")
}

fn js_error(error: &Error) -> JsValue {
    let js = JsError::new(&error.to_string());
    let name = if matches!(error, Error::Invalid(_)) { "ConfigError" } else { "GeneratorError" };
    js.set_name(name);
    let _ = Reflect::set(&js, &"fields".into(), &to_js(error.fields()));
    js.into()
}

/// Reads a JS config: a plain object (or `undefined` for all defaults).
fn parse(config: JsValue) -> Result<Config, JsValue> {
    Config::from_value(&json_value(config)?).map_err(|e| js_error(&e))
}

/// The config as JSON data. It crosses into the WASM as JSON text (`JSON.stringify`, which
/// refuses cycles and BigInts and stops at its own stack limit with a RangeError) and is
/// parsed by serde_json, whose recursion limit (128 levels) turns a deeply nested value
/// into an error instead of overflowing the WASM stack, which would poison the module.
fn json_value(config: JsValue) -> Result<serde_json::Value, JsValue> {
    if config.is_undefined() || config.is_null() {
        return Ok(serde_json::Value::Null);
    }
    let invalid = |message: String| js_error(&Error::Invalid(vec![FieldError::new("", message)]));
    const TOO_DEEP: &str = "is nested too deeply (more than 128 levels) — a config is an object \
                            of settings, at most a list of agent objects inside";
    let text = js_sys::JSON::stringify(&config).map_err(|e| match e.dyn_ref::<JsError>() {
        // JSON.stringify ran out of stack: far deeper than 128 levels.
        Some(e) if e.name() == "RangeError" => invalid(TOO_DEEP.into()),
        Some(e) => {
            invalid(format!("the config must be plain JSON data: {}", String::from(e.message())))
        }
        None => invalid("the config must be plain JSON data".into()),
    })?;
    let Some(text) = text.as_string() else {
        return Err(invalid("the config must be plain JSON data, not a function or symbol".into()));
    };
    serde_json::from_str(&text).map_err(|e| {
        let message = if e.to_string().starts_with("recursion limit exceeded") {
            TOO_DEEP.to_string()
        } else {
            format!("the config must be plain JSON data: {e}")
        };
        invalid(message)
    })
}

/// The project as zip bytes.
#[wasm_bindgen]
pub fn generate(config: JsValue) -> Result<Uint8Array, JsValue> {
    let config = parse(config)?;
    let bytes = crate::generate(&config).map_err(|e| js_error(&e))?;
    Ok(Uint8Array::from(bytes.as_slice()))
}

/// Every file of the project: `[{path, contents: Uint8Array, executable}]`.
#[wasm_bindgen]
pub fn files(config: JsValue) -> Result<Array, JsValue> {
    let config = parse(config)?;
    let files = crate::files(&config).map_err(|e| js_error(&e))?;
    Ok(files_to_js(&files))
}

fn files_to_js(files: &[GeneratedFile]) -> Array {
    let out = Array::new();
    for file in files {
        let entry = js_sys::Object::new();
        let _ = Reflect::set(&entry, &"path".into(), &file.path.as_str().into());
        let _ =
            Reflect::set(&entry, &"contents".into(), &Uint8Array::from(file.contents.as_slice()));
        let _ = Reflect::set(&entry, &"executable".into(), &file.executable.into());
        out.push(&entry);
    }
    out
}

/// `[{path, contents: Uint8Array | string, executable?}]` from JS; `what` names the
/// argument in errors.
fn files_from_js(value: &JsValue, what: &str) -> Result<Vec<GeneratedFile>, JsValue> {
    let invalid = |message: String| js_error(&Error::Invalid(vec![FieldError::new(what, message)]));
    let array = value
        .dyn_ref::<Array>()
        .ok_or_else(|| invalid("must be an array of {path, contents, executable}".into()))?;
    let mut files = Vec::with_capacity(array.length() as usize);
    for (index, entry) in array.iter().enumerate() {
        let path = Reflect::get(&entry, &"path".into()).ok().and_then(|p| p.as_string());
        let path = path.ok_or_else(|| invalid(format!("entry {index} has no string `path`")))?;
        let contents = Reflect::get(&entry, &"contents".into()).unwrap_or(JsValue::UNDEFINED);
        let contents = if let Some(text) = contents.as_string() {
            text.into_bytes()
        } else if let Some(bytes) = contents.dyn_ref::<Uint8Array>() {
            bytes.to_vec()
        } else {
            return Err(invalid(format!("{path}: `contents` must be a Uint8Array or a string")));
        };
        let executable = Reflect::get(&entry, &"executable".into())
            .ok()
            .and_then(|e| e.as_bool())
            .unwrap_or(false);
        files.push(GeneratedFile { path, contents, executable });
    }
    Ok(files)
}

/// A three-way merge of a project (see the Rust `update`): `{files, removed, changes,
/// conflicts}`, `files` as [`files`] gives them.
#[wasm_bindgen]
pub fn update(base: JsValue, new: JsValue, current: JsValue) -> Result<JsValue, JsValue> {
    let base = files_from_js(&base, "base")?;
    let new = files_from_js(&new, "new")?;
    let current = files_from_js(&current, "current")?;
    Ok(update_to_js(&crate::update(&base, &new, &current)).into())
}

fn update_to_js(update: &crate::Update) -> js_sys::Object {
    let out = js_sys::Object::new();
    let _ = Reflect::set(&out, &"files".into(), &files_to_js(&update.files));
    let _ = Reflect::set(&out, &"removed".into(), &to_js(&update.removed));
    let _ = Reflect::set(&out, &"changes".into(), &to_js(&update.changes));
    let _ = Reflect::set(&out, &"conflicts".into(), &to_js(&update.conflicts));
    out
}

/// A project's update (see the Rust `update_project`): `current` is its files, `config`
/// the new answers (`null`: the recorded ones), `base` what the recorded version made for
/// the recorded answers (`null`: regenerated when this is that version, else the
/// recorded hashes stand in). `{files, removed, changes, conflicts, config, base,
/// from_version}`.
#[wasm_bindgen]
pub fn update_project(
    current: JsValue,
    config: JsValue,
    base: JsValue,
) -> Result<JsValue, JsValue> {
    let current = files_from_js(&current, "current")?;
    let config =
        if config.is_null() || config.is_undefined() { None } else { Some(parse(config)?) };
    let base = if base.is_null() || base.is_undefined() {
        None
    } else {
        Some(files_from_js(&base, "base")?)
    };
    let result =
        crate::update_project(&current, config.as_ref(), base).map_err(|e| js_error(&e))?;
    let out = update_to_js(&result.update);
    let _ = Reflect::set(&out, &"config".into(), &to_js(&result.config));
    let _ = Reflect::set(&out, &"base".into(), &to_js(&result.base));
    let _ = Reflect::set(&out, &"from_version".into(), &result.from_version.as_str().into());
    Ok(out.into())
}

/// A project's answers file, read: `{generator, version, config, files}`.
#[wasm_bindgen]
pub fn read_answers(contents: &[u8]) -> Result<JsValue, JsValue> {
    crate::lifecycle::read_answers(contents).map(|r| to_js(&r)).map_err(|e| js_error(&e))
}

/// The config with one more agent (`{name, role?, description?}`, a worker by default).
#[wasm_bindgen]
pub fn add_agent(config: JsValue, agent: JsValue) -> Result<JsValue, JsValue> {
    let config = parse(config)?;
    let agent = serde_json::from_value(json_value(agent)?)
        .map_err(|e| js_error(&Error::Invalid(vec![FieldError::new("agents", format!("{e}"))])))?;
    crate::add_agent(&config, agent).map(|c| to_js(&c)).map_err(|e| js_error(&e))
}

/// The config without the agent `name`.
#[wasm_bindgen]
pub fn remove_agent(config: JsValue, name: &str) -> Result<JsValue, JsValue> {
    let config = parse(config)?;
    crate::remove_agent(&config, name).map(|c| to_js(&c)).map_err(|e| js_error(&e))
}

/// The files of a project's zip (its root folder stripped; `.git/`, `node_modules/` and
/// the like skipped): `[{path, contents, executable}]`.
#[wasm_bindgen]
pub fn unzip(bytes: &[u8]) -> Result<Array, JsValue> {
    crate::archive::read_zip(bytes).map(|f| files_to_js(&f)).map_err(|e| js_error(&e))
}

/// `files` as zip bytes under the folder `root`, as `generate` writes a project.
#[wasm_bindgen]
pub fn zip(root: &str, files: JsValue) -> Result<Uint8Array, JsValue> {
    let files = files_from_js(&files, "files")?;
    let bytes = crate::archive::write_zip(root, &files).map_err(|e| js_error(&e))?;
    Ok(Uint8Array::from(bytes.as_slice()))
}

/// The line diff of two texts: `[{header, lines: [[op, text]]}]`, unified-diff hunks.
#[wasm_bindgen]
pub fn diff(old: &str, new: &str) -> JsValue {
    to_js(&crate::update::text_diff(old, new))
}

/// All problems with a config: `[{field, message}]`, empty when valid. Never throws.
#[wasm_bindgen]
pub fn validate(config: JsValue) -> JsValue {
    match json_value(config) {
        Ok(value) => to_js(&crate::validate(&value)),
        Err(error) => {
            Reflect::get(&error, &"fields".into()).unwrap_or_else(|_| Array::new().into())
        }
    }
}

/// The config's JSON Schema.
#[wasm_bindgen]
pub fn schema() -> JsValue {
    to_js(&crate::schema())
}

/// The default config.
#[wasm_bindgen]
pub fn defaults() -> JsValue {
    to_js(&crate::defaults())
}

/// The normalised config (defaults filled, roles and title derived).
#[wasm_bindgen]
pub fn normalize(config: JsValue) -> Result<JsValue, JsValue> {
    Ok(to_js(&parse(config)?))
}

/// `[{path, size, executable}]` for every file the config generates.
#[wasm_bindgen]
pub fn plan(config: JsValue) -> Result<JsValue, JsValue> {
    let config = parse(config)?;
    crate::plan(&config).map(|p| to_js(&p)).map_err(|e| js_error(&e))
}

/// One file of the project as text.
#[wasm_bindgen]
pub fn render(config: JsValue, path: &str) -> Result<String, JsValue> {
    let config = parse(config)?;
    crate::render(&config, path).map_err(|e| js_error(&e))
}

/// The app's architecture as SVG text.
#[wasm_bindgen]
pub fn diagram(config: JsValue) -> Result<String, JsValue> {
    Ok(crate::diagram(&parse(config)?))
}

/// The generator's version.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}
