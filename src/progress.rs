//! Progress of a long build: a bar on a terminal, plain lines otherwise
//! (CI logs). Nothing is shown for a build that finishes within a second.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

const QUIET_FOR: Duration = Duration::from_secs(1);

pub struct Progress {
    start: Instant,
    /// On a terminal: the bar, hidden until the first second has passed.
    bar: Option<ProgressBar>,
    /// Not on a terminal: the stage being worked on, printed once shown.
    plain: Mutex<(String, bool)>,
}

impl Progress {
    /// A bar if standard error is a terminal, plain lines if not.
    pub fn auto() -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
            b.set_style(
                ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len}")
                    .expect("a valid template")
                    .progress_chars("=> "),
            );
            b
        });
        Progress {
            start: Instant::now(),
            bar,
            plain: Mutex::new((String::new(), false)),
        }
    }

    fn late(&self) -> bool {
        self.start.elapsed() >= QUIET_FOR
    }

    /// Starts a stage of `len` steps.
    pub fn stage(&self, label: &str, len: usize) {
        if let Some(b) = &self.bar {
            b.set_message(label.to_string());
            b.set_length(len as u64);
            b.set_position(0);
        } else {
            *self.plain.lock().unwrap() = (label.to_string(), false);
        }
        self.show();
    }

    /// One step of the current stage done.
    pub fn inc(&self) {
        if let Some(b) = &self.bar {
            b.inc(1);
        }
        self.show();
    }

    fn show(&self) {
        if !self.late() {
            return;
        }
        match &self.bar {
            Some(b) if b.is_hidden() => b.set_draw_target(ProgressDrawTarget::stderr()),
            Some(_) => {}
            None => {
                let mut p = self.plain.lock().unwrap();
                if !p.1 && !p.0.is_empty() {
                    eprintln!("tebiki: {} …", p.0);
                    p.1 = true;
                }
            }
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// Runs `f`, and with `TEBIKI_TIMINGS=1` in the environment prints how long
/// it took and the memory resident after it (`tebiki: 読み込み 1.23 s,
/// 310 MB resident`): the phases of a build, for profiling without a
/// profiler.
pub fn timed<T>(label: &str, f: impl FnOnce() -> T) -> T {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if !*ON.get_or_init(|| std::env::var_os("TEBIKI_TIMINGS").is_some_and(|v| v == "1")) {
        return f();
    }
    let t = Instant::now();
    let r = f();
    eprintln!(
        "tebiki: {label} {:.3} s{}",
        t.elapsed().as_secs_f64(),
        resident_mb().map_or(String::new(), |mb| format!(", {mb} MB resident"))
    );
    r
}

/// This process's resident memory now (Linux only).
fn resident_mb() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096 / (1024 * 1024))
}
