//! PDF extraction in a child process.
//!
//! pdf-extract can panic, abort, overflow its stack or loop forever on
//! hostile PDFs, and `catch_unwind` cannot stop an abort or a hang. Each PDF
//! is therefore extracted by `planex __pdf-worker` (this same binary, fed
//! the PDF bytes on stdin) under an address-space limit and a wall-clock timeout, so that any such
//! failure becomes that document's error and the batch goes on.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use planex_model::ExtractedText;

pub const WORKER_COMMAND: &str = "__pdf-worker";

/// Limits applied to each worker.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub timeout: Duration,
    pub max_memory_mb: u64,
}

/// Run in the child: extract the PDF on stdin and write the lines as JSON to stdout.
pub fn run_worker(max_memory_mb: u64) -> i32 {
    limit_memory(max_memory_mb);
    let mut input = Vec::new();
    let result = std::io::stdin()
        .read_to_end(&mut input)
        .map(|_| input)
        .map_err(|e| format!("cannot read the PDF from the parent: {e}"))
        .and_then(|bytes| {
            planex_extract::extract_bytes(&bytes, planex_extract::InputKind::Pdf)
                .map_err(|e| e.to_string())
        });
    match result {
        Ok(text) => {
            // Stdout is line-buffered and JSON is written in small pieces:
            // buffer it in large blocks.
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
            if serde_json::to_writer(&mut out, &text).is_err() || out.flush().is_err() {
                return 3;
            }
            0
        }
        Err(message) => {
            // One line on stderr is the error the parent reports.
            eprintln!("{}", message.replace('\n', " "));
            2
        }
    }
}

#[cfg(unix)]
fn limit_memory(mb: u64) {
    if mb == 0 {
        return;
    }
    let bytes = mb.saturating_mul(1024 * 1024) as libc::rlim_t;
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: bytes,
    };
    // SAFETY: setrlimit only reads the struct we pass.
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &limit);
    }
}

#[cfg(not(unix))]
fn limit_memory(_mb: u64) {}

/// Run in the parent: extract the PDF `bytes` in a worker process.
pub fn extract_isolated(bytes: Vec<u8>, limits: Limits) -> Result<ExtractedText> {
    let exe = std::env::current_exe()
        .context("cannot find the planex executable to start a PDF worker")?;
    let mut child = Command::new(exe)
        .arg(WORKER_COMMAND)
        .arg("--max-memory")
        .arg(limits.max_memory_mb.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot start a PDF worker process")?;
    let mut stdin = child.stdin.take().expect("piped");
    // Feed the input on its own thread; a worker that dies early closes the
    // pipe, which only ends this write with an error.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&bytes);
    });
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    // Drain both pipes on threads so a large output cannot block the child.
    // The end of stdout (the child exits or closes it) is signalled at once,
    // so the common case needs no polling.
    let (out_tx, out_rx) = std::sync::mpsc::channel();
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let r = stdout.read_to_end(&mut buf).map(|_| buf);
        let _ = out_tx.send(());
        r
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = String::new();
        let _ = stderr.read_to_string(&mut buf);
        buf
    });
    let started = Instant::now();
    // Wait for stdout to close (normally the child exiting), then for the
    // exit status with short polls; the timeout bounds both.
    let _ = out_rx.recv_timeout(limits.timeout);
    let mut nap = Duration::from_micros(50);
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() >= limits.timeout {
            let _ = child.kill();
            let _ = child.wait();
            bail!(
                "PDF extraction timed out after {} s (--timeout)",
                limits.timeout.as_secs()
            );
        }
        std::thread::sleep(nap);
        nap = (nap * 2).min(Duration::from_millis(5));
    };
    let _ = writer.join();
    let out = out_reader
        .join()
        .map_err(|_| anyhow!("worker output reader failed"))??;
    let err = err_reader.join().unwrap_or_default();
    let last_err_line = err
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .to_string();
    if status.success() {
        return serde_json::from_slice(&out).context("PDF worker returned unreadable output");
    }
    match status.code() {
        Some(2) => bail!("{last_err_line}"),
        Some(code) => {
            let detail = if last_err_line.is_empty() {
                String::new()
            } else {
                format!(": {last_err_line}")
            };
            if err.contains("memory allocation") || err.contains("out of memory") {
                bail!(
                    "PDF extraction ran out of memory (limit {} MB, --max-memory){detail}",
                    limits.max_memory_mb
                )
            }
            bail!("PDF extraction failed (worker exit code {code}){detail}")
        }
        None => {
            #[cfg(unix)]
            {
                use std::os::unix::process::ExitStatusExt;
                let signal = status.signal().unwrap_or(0);
                let what = match signal {
                    libc::SIGABRT => "aborted",
                    libc::SIGSEGV => "crashed (segmentation fault, e.g. stack overflow)",
                    libc::SIGKILL => "was killed",
                    _ => "died",
                };
                bail!("PDF extraction {what} (signal {signal}); the PDF is likely malformed");
            }
            #[cfg(not(unix))]
            bail!("PDF extraction died");
        }
    }
}
