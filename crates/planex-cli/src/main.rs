//! `planex`: batch-convert Danish employment plans into structured JSON.
//!
//! Reads plans (PDF or text), runs them through the pipeline in parallel
//! (extract → parse → semantics) and writes one JSON document per plan plus
//! a `manifest.json`. This is the only crate that prints.

mod guard;
mod inputs;
mod worker;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use planex_extract::InputKind;
use planex_model::{PlanDocument, Source, SourceFormat, SCHEMA_VERSION};
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

#[derive(Parser)]
#[command(name = "planex", version, about = "Turn Danish municipal employment plans (beskæftigelsesplaner, PDF or text) into structured, comparable JSON.", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract plans into one JSON document each, plus DIR/manifest.json.
    ///
    /// Inputs are files or directories (searched recursively for .txt, .md
    /// and .pdf). A file writes DIR/<stem>.json (the name without its last
    /// extension); files found below a directory keep their sub-directories
    /// (corpus/pdf/x.pdf → DIR/pdf/x.json). Exit status: 0 when every input
    /// succeeded, 1 when some failed (all others are still written), 2 for
    /// usage errors.
    Extract {
        /// Plan files or directories.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output directory (created if missing).
        #[arg(long, short)]
        out: PathBuf,
        /// Documents processed in parallel [default: all cores].
        #[arg(long, short)]
        jobs: Option<usize>,
        /// Seconds before extraction of one PDF is abandoned.
        #[arg(long, default_value_t = 60)]
        timeout: u64,
        /// Address-space limit of each PDF worker process, in MB (0: none).
        #[arg(long, default_value_t = 4096)]
        max_memory: u64,
        /// No progress bar, even on a terminal.
        #[arg(long, short)]
        quiet: bool,
        /// Indent the JSON documents for reading (default: compact, about
        /// 40 % smaller and faster to write; `jq .` indents it later).
        #[arg(long)]
        pretty: bool,
        /// Record each document's processing time (`seconds`) in the
        /// manifest. Without it the manifest, like the documents, is
        /// byte-identical from run to run.
        #[arg(long)]
        timings: bool,
    },
    /// Print the JSON Schema of the output documents.
    Schema,
    #[command(name = "__pdf-worker", hide = true)]
    /// Reads the PDF bytes on stdin, writes the extracted lines as JSON.
    PdfWorker {
        #[arg(long, default_value_t = 0)]
        max_memory: u64,
    },
}

#[derive(Serialize, Default)]
struct Counts {
    sections: usize,
    toc_entries: usize,
    paragraphs: usize,
    lists: usize,
    goals: usize,
    targets: usize,
    measures: usize,
    tables: usize,
    target_tables: usize,
    target_figures: usize,
    footnotes: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct ManifestEntry {
    path: String,
    output: Option<String>,
    sha256: Option<String>,
    format: Option<SourceFormat>,
    status: &'static str,
    error: Option<String>,
    counts: Option<Counts>,
    /// Wall time of this document (only with `--timings`: it differs from
    /// run to run).
    #[serde(skip_serializing_if = "Option::is_none")]
    seconds: Option<f64>,
}

#[derive(Serialize)]
struct Manifest {
    schema_version: &'static str,
    planex_version: &'static str,
    ok: usize,
    failed: usize,
    documents: Vec<ManifestEntry>,
}

fn main() -> ExitCode {
    guard::install_panic_hook();
    refuse_transparent_huge_pages();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Schema => {
            print!("{}", planex_model::plan_schema_text());
            ExitCode::SUCCESS
        }
        Command::PdfWorker { max_memory } => ExitCode::from(worker::run_worker(max_memory) as u8),
        Command::Extract {
            inputs,
            out,
            jobs,
            timeout,
            max_memory,
            quiet,
            pretty,
            timings,
        } => {
            let limits = worker::Limits {
                timeout: Duration::from_secs(timeout.max(1)),
                max_memory_mb: max_memory,
            };
            let options = Options {
                limits,
                pretty,
                timings,
            };
            run_extract(&inputs, &out, jobs, options, quiet)
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("planex: error: {message}");
    ExitCode::from(2)
}

/// How each document is processed and written.
#[derive(Clone, Copy)]
struct Options {
    limits: worker::Limits,
    pretty: bool,
    timings: bool,
}

fn run_extract(
    inputs: &[PathBuf],
    out: &Path,
    jobs: Option<usize>,
    options: Options,
    quiet: bool,
) -> ExitCode {
    let work = match inputs::expand(inputs) {
        Ok(w) => w,
        Err(e) => return usage_error(&e),
    };
    if let Err(e) = std::fs::create_dir_all(out).and_then(|_| check_writable(out)) {
        return usage_error(&format!("cannot write to --out {}: {e}", out.display()));
    }
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
    {
        Ok(p) => p,
        Err(e) => {
            return usage_error(&format!(
                "cannot start {} worker threads: {e}",
                jobs.unwrap_or(0)
            ))
        }
    };
    let bar = if quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(work.len() as u64)
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} {wide_msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let entries: Vec<ManifestEntry> = pool.install(|| {
        work.par_iter()
            .map(|job| {
                let entry = process(job, out, options);
                if let Some(err) = &entry.error {
                    bar.suspend(|| eprintln!("planex: error: {}: {err}", job.path.display()));
                }
                bar.set_message(job.path.display().to_string());
                bar.inc(1);
                entry
            })
            .collect()
    });
    bar.finish_and_clear();
    let failed = entries.iter().filter(|e| e.status != "ok").count();
    let manifest = Manifest {
        schema_version: SCHEMA_VERSION,
        planex_version: env!("CARGO_PKG_VERSION"),
        ok: entries.len() - failed,
        failed,
        documents: entries,
    };
    let manifest_path = out.join("manifest.json");
    if let Err(e) = write_json_atomically(&manifest_path, &manifest, true) {
        eprintln!(
            "planex: error: cannot write {}: {e:#}",
            manifest_path.display()
        );
        return ExitCode::from(1);
    }
    if !quiet {
        eprintln!(
            "planex: {} of {} documents written to {}",
            manifest.ok,
            manifest.ok + failed,
            out.display()
        );
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn check_writable(dir: &Path) -> std::io::Result<()> {
    let probe = tempfile_in(dir)?;
    drop(probe);
    Ok(())
}

fn tempfile_in(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".planex-").suffix(".tmp");
    // A temporary file is private (0600) by default, and the rename keeps
    // that: ask for what `File::create` asks for, so the documents get the
    // permissions the user's umask gives any new file and others can read
    // them where that is the rule.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// Write JSON through a temporary file in the same directory and rename it
/// into place, so a crash never leaves a half-written document.
fn write_json_atomically<T: Serialize>(path: &Path, value: &T, pretty: bool) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut tmp = tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    // Serialised in memory and written with one call: a document is a few
    // hundred KB, and one write costs far less than a write per 8 KB
    // buffer. Each thread keeps its buffer from one document to the next,
    // so it stops growing (and copying itself) after the first few.
    thread_local! {
        static JSON_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    JSON_BUFFER.with_borrow_mut(|bytes| -> Result<()> {
        bytes.clear();
        if pretty {
            serde_json::to_writer_pretty(&mut *bytes, value)?;
        } else {
            serde_json::to_writer(&mut *bytes, value)?;
        }
        bytes.push(b'\n');
        tmp.as_file_mut().write_all(bytes)?;
        Ok(())
    })?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot rename into {}", path.display()))?;
    Ok(())
}

fn process(job: &inputs::Job, out: &Path, options: Options) -> ManifestEntry {
    let started = Instant::now();
    let mut entry = ManifestEntry {
        path: job.path.display().to_string(),
        output: None,
        sha256: None,
        format: job.kind.map(|k| match k {
            InputKind::Text => SourceFormat::Text,
            InputKind::Pdf => SourceFormat::Pdf,
        }),
        status: "error",
        error: None,
        counts: None,
        seconds: None,
    };
    let result = guard::catch_document_panic(|| -> Result<(PlanDocument, String)> {
        if let Some(problem) = &job.problem {
            anyhow::bail!("{problem}");
        }
        let kind = job.kind.context("not a plan file")?;
        let bytes = std::fs::read(&job.path).map_err(|e| anyhow::anyhow!("cannot read: {e}"))?;
        let sha = hex(&Sha256::digest(&bytes));
        let extracted = match kind {
            InputKind::Text => planex_extract::extract_bytes(&bytes, kind)?,
            InputKind::Pdf => {
                // Cheap checks in-process give the clearest messages for non-PDFs.
                if bytes.is_empty() {
                    anyhow::bail!("empty file");
                }
                // The bytes already read (and hashed) go to the worker: the
                // file is read once, and `sha256` is of exactly what was parsed.
                worker::extract_isolated(bytes, options.limits)?
            }
        };
        let source = Source {
            path: job.path.display().to_string(),
            sha256: sha.clone(),
            format: extracted.format,
            pages: extracted.pages,
        };
        let parsed = planex_parse::parse(&extracted);
        Ok((planex_semantics::analyse(&extracted, parsed, source), sha))
    });
    match result {
        Ok((doc, sha)) => {
            let path = out.join(&job.output);
            entry.sha256 = Some(sha);
            match write_json_atomically(&path, &doc, options.pretty) {
                Ok(()) => {
                    entry.status = "ok";
                    entry.output = Some(job.output.display().to_string());
                    entry.counts = Some(counts(&doc));
                }
                Err(e) => entry.error = Some(format!("{e:#}")),
            }
        }
        Err(e) => entry.error = Some(format!("{e:#}").replace('\n', " ")),
    }
    if options.timings {
        entry.seconds = Some((started.elapsed().as_secs_f64() * 1e4).round() / 1e4);
    }
    entry
}

fn counts(doc: &PlanDocument) -> Counts {
    fn walk(sections: &[planex_model::Section], c: &mut Counts) {
        for s in sections {
            c.sections += 1;
            for b in &s.content {
                match b {
                    planex_model::Block::Paragraph { .. } => c.paragraphs += 1,
                    planex_model::Block::List { .. } => c.lists += 1,
                    planex_model::Block::Table { .. } => {}
                }
            }
            walk(&s.children, c);
        }
    }
    let mut c = Counts {
        toc_entries: doc.toc.len(),
        goals: doc.goals.len(),
        targets: doc.goals.iter().filter(|g| g.target.is_some()).count(),
        measures: doc.measures.len(),
        tables: doc.tables.len(),
        target_tables: doc.tables.iter().filter(|t| t.target_table).count(),
        target_figures: doc.target_figures.len(),
        footnotes: doc.footnotes.len(),
        warnings: doc.warnings.len(),
        ..Counts::default()
    };
    walk(&doc.sections, &mut c);
    c
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// mimalloc asks the kernel for transparent huge pages, and the kernel
/// then backs (and zeroes) whole 2 MiB pages of which a document's small,
/// short-lived strings touch a fraction. Refused, the text benchmark's peak
/// memory falls from 44 MB to 16 MB and the kernel zeroes a quarter as much.
/// The setting passes to the PDF worker processes, which this starts.
#[cfg(target_os = "linux")]
fn refuse_transparent_huge_pages() {
    // SAFETY: prctl with integer arguments only; it changes how the kernel
    // backs this process's memory, nothing Rust relies on. A kernel that
    // refuses leaves things as they were, which is fine.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn refuse_transparent_huge_pages() {}

// The pipeline makes and drops many small strings; mimalloc serves them
// with about a tenth fewer instructions than glibc's allocator over the
// whole text pipeline, and the text benchmark ran faster in 7 of 8 paired
// runs (at 38 MB instead of 14 MB peak memory then; 19 MB now that
// transparent huge pages are refused).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// The kernel takes the refusal: this process then reports transparent
    /// huge pages disabled.
    #[test]
    fn transparent_huge_pages_are_refused() {
        super::refuse_transparent_huge_pages();
        // SAFETY: prctl with integer arguments only; it reads a flag.
        let disabled = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        assert_eq!(disabled, 1);
    }
}
