//! Progress bars for long runs (many scenarios, sweeps), drawn on standard error only when it
//! is a terminal and not in CI, so piped output and logs stay clean.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar over `len` steps of `what`; hidden when standard error is not a terminal, when the
/// `CI` variable is set, or when there are too few steps to be worth showing.
pub fn bar(len: usize, what: &str) -> ProgressBar {
    let shown = len >= 2 && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    let target = if shown {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(len as u64), target);
    // The template is a constant known to be valid; a bad one would only lose the styling.
    if let Ok(style) = ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} {elapsed}") {
        bar.set_style(style);
    }
    bar.set_message(what.to_string());
    bar
}
