//! The zip archive: one root folder named after the app, entries sorted, timestamps fixed,
//! so the same config always gives the same bytes.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::Error;
use crate::render::GeneratedFile;

/// Deflate level of every entry. Measured on the default app (`cargo run --release
/// --example deflate_levels`, in `make bench`; quiet machine): levels 1 / 3 / 6 / 9 take
/// 13 / 27 / 41 / 54 ms natively for 606 / 545 / 533 / 532 KB. The zip is most of
/// `generate()`, and 13 % more bytes of a 0.6 MB download cost less than 3× the time.
const DEFLATE_LEVEL: i64 = 1;

/// Writes `files` under `root/` into a zip. Refuses any path that could land outside the
/// root when extracted (absolute, `..`, backslashes, empty segments).
pub fn write_zip(root: &str, files: &[GeneratedFile]) -> Result<Vec<u8>, Error> {
    check_path(root)?;
    let mut sorted: Vec<&GeneratedFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let base = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(DEFLATE_LEVEL))
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

/// Limits for reading a project's zip (the web page's update mode): a generated project
/// is a few MB in a few hundred files; anything far past that is not one, or a zip bomb.
pub const READ_LIMIT_BYTES: u64 = 64 * 1024 * 1024;
pub const READ_LIMIT_ENTRIES: usize = 20_000;

/// The files of a project's zip, paths relative to its root folder (the single top folder
/// every entry shares, as [`write_zip`] writes it, or none). Folders, and entries under
/// `.git/`, `node_modules/` and the like, are skipped; run bits come from the Unix mode.
/// Refuses paths that could escape the root, and archives over the limits.
pub fn read_zip(bytes: &[u8]) -> Result<Vec<GeneratedFile>, Error> {
    let failed = |e: &dyn std::fmt::Display| {
        Error::Archive(format!(
            "not a zip archive this page can read ({e}) — choose the project's .zip"
        ))
    };
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| failed(&e))?;
    if zip.len() > READ_LIMIT_ENTRIES {
        return Err(Error::Archive(format!(
            "the zip holds {} entries, more than a project's {READ_LIMIT_ENTRIES} — zip the project without node_modules, .venv and build output",
            zip.len()
        )));
    }
    let mut entries = Vec::new();
    let mut total = 0u64;
    for index in 0..zip.len() {
        let mut entry = zip.by_index(index).map_err(|e| failed(&e))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().map_err(|e| failed(&e))?.to_string();
        check_path(&name)?;
        total += entry.size();
        if total > READ_LIMIT_BYTES {
            return Err(Error::Archive(format!(
                "the zip unpacks to more than {} MiB — zip the project without node_modules, .venv and build output",
                READ_LIMIT_BYTES / 1024 / 1024
            )));
        }
        let executable = entry.unix_mode().is_some_and(|m| m & 0o111 != 0);
        let mut contents = Vec::with_capacity(entry.size() as usize);
        std::io::copy(&mut (&mut entry).take(READ_LIMIT_BYTES), &mut contents)
            .map_err(|e| failed(&e))?;
        entries.push(GeneratedFile { path: name, contents, executable });
    }
    // One shared top folder is the project's root.
    let root = entries.first().and_then(|f| f.path.split_once('/')).map(|(r, _)| format!("{r}/"));
    if let Some(root) = root.filter(|r| entries.iter().all(|f| f.path.starts_with(r.as_str()))) {
        for entry in &mut entries {
            entry.path = entry.path[root.len()..].to_string();
        }
    }
    const SKIPPED: &[&str] =
        &[".git", "node_modules", ".venv", ".terraform", ".next", "__pycache__"];
    entries.retain(|f| !f.path.split('/').any(|segment| SKIPPED.contains(&segment)));
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(entries)
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
    fn a_written_zip_reads_back_as_the_same_files_without_its_root() {
        let mut files = vec![file("a/b"), file("run.sh"), file("node_modules/x/y.js")];
        files[1].executable = true;
        let read = read_zip(&write_zip("app", &files).unwrap()).unwrap();
        assert_eq!(read, files[..2]);
        assert!(
            read_zip(b"PK not a zip")
                .unwrap_err()
                .to_string()
                .contains("choose the project's .zip")
        );
    }

    #[test]
    fn entries_are_sorted_whatever_the_input_order() {
        let one = write_zip("app", &[file("b"), file("a/z"), file("a/b")]).unwrap();
        let two = write_zip("app", &[file("a/b"), file("b"), file("a/z")]).unwrap();
        assert_eq!(one, two);
    }
}
