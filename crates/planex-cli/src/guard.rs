//! A panic while one document is processed (a bug in planex that some
//! input reaches) becomes that document's recorded error, and the batch
//! goes on: without this, one such document would end the whole run
//! before the manifest is written.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};

use anyhow::{anyhow, Result};

thread_local! {
    /// Is this thread inside [`catch_document_panic`]?
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    /// The message and place of the last panic caught on this thread.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installed once at start-up. A panic inside [`catch_document_panic`] is
/// kept for that document's error instead of printed (the document's error
/// is reported like any other); any other panic is printed as usual.
pub fn install_panic_hook() {
    let default = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if GUARDED.get() {
            let place = info
                .location()
                .map(|l| format!(" (at {}:{})", l.file(), l.line()))
                .unwrap_or_default();
            LAST_PANIC.set(Some(format!("{}{place}", payload_text(info.payload()))));
        } else {
            default(info)
        }
    }));
}

/// Runs `work`, turning a panic into an error that says it is a bug in
/// planex, with the panic's message and where it happened.
pub fn catch_document_panic<T>(work: impl FnOnce() -> Result<T>) -> Result<T> {
    let outer = GUARDED.replace(true);
    // Nothing `work` shares outlives it but the vocabulary caches, which
    // are built whole before they are shared.
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    GUARDED.set(outer);
    match result {
        Ok(result) => result,
        Err(payload) => {
            let detail = LAST_PANIC.take().unwrap_or_else(|| payload_text(&*payload));
            Err(anyhow!(
                "internal error, a bug in planex (please report it with this input): {detail}"
            ))
        }
    }
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_and_the_next_call_works() {
        install_panic_hook();
        let failed = catch_document_panic(|| -> Result<u32> {
            let text = String::from("ẞæ");
            let cut = text.len() - 1;
            Ok(text[cut..].len() as u32)
        });
        let message = format!("{:#}", failed.unwrap_err());
        assert!(
            message.starts_with("internal error, a bug in planex"),
            "{message}"
        );
        assert!(message.contains("is not a char boundary"), "{message}");
        assert!(message.contains("guard.rs"), "{message}");
        assert_eq!(catch_document_panic(|| Ok(7)).unwrap(), 7);
        let err = catch_document_panic(|| -> Result<()> { Err(anyhow!("plain error")) });
        assert_eq!(err.unwrap_err().to_string(), "plain error");
        assert!(!GUARDED.get());
    }
}
