//! The zip archive: one root folder named after the app, entries sorted, timestamps fixed,
//! so the same config always gives the same bytes.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::Error;
use crate::render::GeneratedFile;

/// Writes `files` under `root/` into a zip. Refuses any path that could land outside the
/// root when extracted (absolute, `..`, backslashes, empty segments).
pub fn write_zip(root: &str, files: &[GeneratedFile]) -> Result<Vec<u8>, Error> {
    check_path(root)?;
    let mut sorted: Vec<&GeneratedFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let base = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    let failed = |e: &dyn std::fmt::Display| Error::Archive(e.to_string());
    for file in sorted {
        check_path(&file.path)?;
        let mode = if file.executable { 0o755 } else { 0o644 };
        zip.start_file(format!("{root}/{}", file.path), base.unix_permissions(mode))
            .map_err(|e| failed(&e))?;
        zip.write_all(&file.contents).map_err(|e| failed(&e))?;
    }
    Ok(zip.finish().map_err(|e| failed(&e))?.into_inner())
}

/// Accepts only relative, `/`-separated paths made of ordinary segments.
pub fn check_path(path: &str) -> Result<(), Error> {
    let bad_segment = |s: &str| s.is_empty() || s == "." || s == ".." || s.contains(':');
    if path.is_empty()
        || path.contains('\\')
        || path.contains('\0')
        || path.split('/').any(bad_segment)
    {
        return Err(Error::Archive(format!(
            "refusing the path {path:?}: entries must stay inside the project folder"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str) -> GeneratedFile {
        GeneratedFile { path: path.into(), contents: b"x".to_vec(), executable: false }
    }

    #[test]
    fn paths_that_could_escape_the_root_are_refused() {
        for bad in ["../x", "a/../../x", "/etc/passwd", "a//b", "a/./b", "a\\b", "C:/x", "", "a/"] {
            assert!(check_path(bad).is_err(), "{bad:?} accepted");
            assert!(write_zip("app", &[file(bad)]).is_err(), "{bad:?} written");
        }
        assert!(write_zip("..", &[file("a")]).is_err());
        for good in ["a", ".env.example", "backend/x/y.py", ".github/workflows/ci.yml"] {
            assert!(check_path(good).is_ok(), "{good:?} refused");
        }
    }

    #[test]
    fn entries_are_sorted_whatever_the_input_order() {
        let one = write_zip("app", &[file("b"), file("a/z"), file("a/b")]).unwrap();
        let two = write_zip("app", &[file("a/b"), file("b"), file("a/z")]).unwrap();
        assert_eq!(one, two);
    }
}
