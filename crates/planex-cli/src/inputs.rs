//! Expanding command-line inputs into plan files and their output paths.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use planex_extract::InputKind;

/// One unit of work: a plan file (or a problem with an input argument).
#[derive(Debug, Clone)]
pub struct Job {
    /// The input path as given or as found below a directory input.
    pub path: PathBuf,
    /// Where the document JSON goes (relative to `--out`).
    pub output: PathBuf,
    pub kind: Option<InputKind>,
    /// A problem known before reading (missing path, empty directory).
    pub problem: Option<String>,
}

fn stem_json(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = match name.rfind('.') {
        Some(i) if i > 0 => &name[..i],
        _ => name.as_str(),
    };
    PathBuf::from(format!("{stem}.json"))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out)?;
        } else if InputKind::from_path(&p).is_some() {
            out.push(p);
        }
    }
    Ok(())
}

/// Expand inputs. Files map to `<stem>.json`; files found below a directory
/// keep their sub-directories (`corpus/pdf/x.pdf` → `pdf/x.json`). Returns an
/// error message when two inputs would write the same output.
pub fn expand(inputs: &[PathBuf]) -> Result<Vec<Job>, String> {
    let mut jobs = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            if let Err(e) = walk(input, &mut found) {
                jobs.push(Job {
                    path: input.clone(),
                    output: stem_json(input),
                    kind: None,
                    problem: Some(format!("cannot read directory: {e}")),
                });
                continue;
            }
            if found.is_empty() {
                jobs.push(Job {
                    path: input.clone(),
                    output: PathBuf::new(),
                    kind: None,
                    problem: Some("directory holds no plans (.txt, .md, .pdf)".into()),
                });
            }
            for f in found {
                let rel = f.strip_prefix(input).unwrap_or(&f);
                let output = rel.parent().unwrap_or(Path::new("")).join(stem_json(rel));
                jobs.push(Job {
                    kind: InputKind::from_path(&f),
                    path: f,
                    output,
                    problem: None,
                });
            }
        } else if input.exists() {
            let kind = InputKind::from_path(input);
            let problem = kind
                .is_none()
                .then(|| "not a plan file: expected .txt, .md or .pdf".to_string());
            jobs.push(Job {
                path: input.clone(),
                output: stem_json(input),
                kind,
                problem,
            });
        } else {
            jobs.push(Job {
                path: input.clone(),
                output: stem_json(input),
                kind: None,
                problem: Some("no such file or directory".into()),
            });
        }
    }
    let mut seen: BTreeMap<&Path, &Path> = BTreeMap::new();
    for j in jobs
        .iter()
        .filter(|j| !j.output.as_os_str().is_empty() && j.problem.is_none())
    {
        if let Some(other) = seen.insert(&j.output, &j.path) {
            return Err(format!(
                "{} and {} would both write {}; pass their directory instead, or run them separately",
                other.display(),
                j.path.display(),
                j.output.display()
            ));
        }
    }
    Ok(jobs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_drop_only_the_last_extension() {
        assert_eq!(
            stem_json(Path::new("a/aalborg-2015.twocol.pdf")),
            PathBuf::from("aalborg-2015.twocol.json")
        );
        assert_eq!(stem_json(Path::new("x.txt")), PathBuf::from("x.json"));
    }

    #[test]
    fn collisions_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(a.join("plan.txt"), "x").unwrap();
        std::fs::write(b.join("plan.txt"), "x").unwrap();
        let err = expand(&[a.join("plan.txt"), b.join("plan.txt")]).unwrap_err();
        assert!(err.contains("would both write plan.json"), "{err}");
        // Under one directory input they keep their sub-directories and do not collide.
        let jobs = expand(&[dir.path().to_path_buf()]).unwrap();
        let outs: Vec<_> = jobs.iter().map(|j| j.output.clone()).collect();
        assert_eq!(
            outs,
            vec![PathBuf::from("a/plan.json"), PathBuf::from("b/plan.json")]
        );
    }
}
