//! Template overrides for mutation testing (`make mutate`): a project rendered with one
//! template's text replaced, without rebuilding the binary that embeds them. Only in
//! native builds with the `mutate` feature; the npm package and the page never have it.

use std::borrow::Cow;
use std::sync::Mutex;

static OVERRIDE: Mutex<Option<(String, Vec<u8>)>> = Mutex::new(None);
// Held for the whole of a with_template call: one override at a time.
static SERIAL: Mutex<()> = Mutex::new(());

/// Runs `f` (e.g. [`crate::files`]) with the template at `path` (relative to
/// `templates/`) reading as `contents`, then restores it.
pub fn with_template<R>(path: &str, contents: Vec<u8>, f: impl FnOnce() -> R) -> R {
    let _serial = SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    *OVERRIDE.lock().expect("not poisoned") = Some((path.to_string(), contents));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    *OVERRIDE.lock().expect("not poisoned") = None;
    result.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Every embedded template: its path relative to `templates/` and its bytes.
pub fn templates() -> Vec<(&'static str, &'static [u8])> {
    crate::manifest::all_templates()
        .into_iter()
        .map(|t| (t.path().to_str().expect("template paths are UTF-8"), t.contents()))
        .collect()
}

/// The text the renderer reads for the template at `path`.
pub(crate) fn source(path: &str, embedded: &'static [u8]) -> Cow<'static, [u8]> {
    match &*OVERRIDE.lock().expect("not poisoned") {
        Some((overridden, contents)) if overridden == path => Cow::Owned(contents.clone()),
        _ => Cow::Borrowed(embedded),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // One test: the override is process-wide, and tests run on several threads.
    #[test]
    fn an_override_renders_in_place_of_its_template_while_set_and_reaches_partials() {
        let config = crate::Config::from_json("{}").unwrap();
        let readme = || crate::render(&config, "README.md");
        let before = readme().unwrap();
        let during = with_template("README.md", b"# {{ app_name }} mutated\n".to_vec(), readme);
        assert_eq!(during.unwrap(), format!("# {} mutated\n", config.app_name));
        assert_eq!(readme().unwrap(), before);

        let (partial, _) =
            templates().into_iter().find(|(path, _)| path.starts_with("_partials/")).unwrap();
        let broken =
            with_template(partial, b"{{ no_such_name }}".to_vec(), || crate::files(&config));
        assert!(broken.is_err(), "a broken partial must fail the render");
        assert!(crate::files(&config).is_ok());
    }
}
