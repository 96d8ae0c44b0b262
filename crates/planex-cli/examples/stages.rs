//! Time each pipeline stage over the corpus texts, in-process, to see where
//! the text → JSON time goes (the whole-batch figure is `bench/bench.sh`).
//! Times are this thread's CPU time, so a busy machine skews them less.
//!
//! `cargo run --release -p planex-cli --example stages -- corpus/text 50`

use std::time::Duration;

use planex_extract::InputKind;
use planex_model::{Source, SourceFormat};

/// CPU time of this thread: other work on the machine does not count.
#[derive(Clone, Copy)]
struct Instant(Duration);

impl Instant {
    fn now() -> Instant {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: a valid clock id and a valid pointer to a timespec.
        unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
        Instant(Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32))
    }
}

impl std::ops::Sub for Instant {
    type Output = Duration;
    fn sub(self, earlier: Instant) -> Duration {
        self.0 - earlier.0
    }
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "corpus/text".into());
    let rounds: usize = args.next().map_or(Ok(20), |s| s.parse())?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "txt") {
            files.push((path.display().to_string(), std::fs::read(&path)?));
        }
    }
    files.sort();
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum::<usize>() * rounds;
    // Compile the lazily built regexes and tables first: a one-off per
    // process that a batch pays once (measure it with `rounds` = 0).
    let warm_up = std::time::Instant::now();
    for (path, data) in &files {
        run_stages(path, data, &mut [Duration::ZERO; 5])?;
    }
    println!(
        "first round (incl. one-off set-up): {:.1} ms",
        warm_up.elapsed().as_secs_f64() * 1e3
    );
    let (times, out_bytes) = timed_rounds(&files, rounds)?;
    let mb = bytes as f64 / 1e6;
    let names = ["extract", "parse", "analyse", "json", "json pretty"];
    for (name, t) in names.iter().zip(times) {
        println!(
            "{name:>12}: {:7.1} ms  {:8.1} MB/s",
            t.as_secs_f64() * 1e3,
            mb / t.as_secs_f64()
        );
    }
    let core: Duration = times[..4].iter().sum();
    println!(
        "{:>12}: {:7.1} ms  {:8.1} MB/s  ({mb:.1} MB in, {:.1} MB compact JSON out)",
        "total",
        core.as_secs_f64() * 1e3,
        mb / core.as_secs_f64(),
        out_bytes as f64 / 1e6
    );
    Ok(())
}

/// The measured rounds.
#[inline(never)]
fn timed_rounds(
    files: &[(String, Vec<u8>)],
    rounds: usize,
) -> anyhow::Result<([Duration; 5], usize)> {
    let mut times = [Duration::ZERO; 5];
    let mut out_bytes = 0usize;
    for _ in 0..rounds {
        for (path, data) in files {
            let (doc, json) = pipeline(path, data, &mut times)?;
            let t4 = Instant::now();
            let pretty = serde_json::to_vec_pretty(&doc)?;
            times[4] += Instant::now() - t4;
            out_bytes += json.len() + pretty.len() / 1_000_000;
            JSON_BUFFER.with_borrow_mut(|buffer| *buffer = json);
        }
    }
    Ok((times, out_bytes))
}

/// One plan through the pipeline as `planex extract` runs it (text →
/// compact JSON), adding each stage's time to `times`. A function of its
/// own so that a profiler can be told to count only it:
/// `valgrind --tool=callgrind --toggle-collect=stages::pipeline` (see
/// `bench/instructions.sh`).
#[inline(never)]
fn pipeline(
    path: &str,
    data: &[u8],
    times: &mut [Duration; 5],
) -> anyhow::Result<(planex_model::PlanDocument, Vec<u8>)> {
    run_stages(path, data, times)
}

/// The stages themselves, also run (outside [`pipeline`], so uncounted) to
/// warm up.
fn run_stages(
    path: &str,
    data: &[u8],
    times: &mut [Duration; 5],
) -> anyhow::Result<(planex_model::PlanDocument, Vec<u8>)> {
    let t0 = Instant::now();
    let extracted = planex_extract::extract_bytes(data, InputKind::Text)?;
    let t1 = Instant::now();
    let parsed = planex_parse::parse(&extracted);
    let t2 = Instant::now();
    let source = Source {
        path: path.to_string(),
        sha256: String::new(),
        format: SourceFormat::Text,
        pages: None,
    };
    let doc = planex_semantics::analyse(&extracted, parsed, source);
    let t3 = Instant::now();
    // As `planex extract` does: one buffer per thread, reused.
    let json = JSON_BUFFER.with_borrow_mut(|json| -> anyhow::Result<Vec<u8>> {
        json.clear();
        serde_json::to_writer(&mut *json, &doc)?;
        Ok(std::mem::take(json))
    })?;
    let t4 = Instant::now();
    for (k, (a, b)) in [(t0, t1), (t1, t2), (t2, t3), (t3, t4)]
        .into_iter()
        .enumerate()
    {
        times[k] += b - a;
    }
    Ok((doc, json))
}

thread_local! {
    static JSON_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

// The allocator `planex` uses, so that the stages cost what they cost there.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
