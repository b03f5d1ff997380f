//! Capped capture of a guest's stdout and stderr. Past the cap the bytes are dropped, a
//! marker is appended, and the write traps so that the run ends as `OutputLimit` at once
//! instead of flooding until its deadline.

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use bytes::Bytes;
use tokio::io::AsyncWrite;
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::p2::{OutputStream, Pollable, StreamError};

/// One captured stream. Clones share the buffer.
#[derive(Clone)]
pub(crate) struct CappedPipe {
    state: Arc<Mutex<State>>,
}

struct State {
    buf: Vec<u8>,
    cap: usize,
    overflowed: bool,
}

/// What a captured stream held when the run ended.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Captured {
    /// The text, decoded as UTF-8 (invalid sequences replaced), cut at a character boundary.
    pub text: String,
    /// True when the guest wrote more than the cap; `text` then holds the first `cap` bytes.
    pub truncated: bool,
}

impl CappedPipe {
    pub(crate) fn new(cap: usize) -> Self {
        Self {
            state: Arc::new(Mutex::new(State {
                buf: Vec::new(),
                cap,
                overflowed: false,
            })),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Appends what fits; returns false when something did not.
    fn append(&self, bytes: &[u8]) -> bool {
        let mut state = self.lock();
        let room = state.cap.saturating_sub(state.buf.len());
        if bytes.len() <= room {
            state.buf.extend_from_slice(bytes);
            true
        } else {
            state.buf.extend_from_slice(&bytes[..room]);
            state.overflowed = true;
            false
        }
    }

    pub(crate) fn overflowed(&self) -> bool {
        self.lock().overflowed
    }

    pub(crate) fn finish(&self) -> Captured {
        let state = self.lock();
        let mut text = String::from_utf8_lossy(&state.buf).into_owned();
        if state.overflowed {
            // A multi-byte character cut by the cap decodes as U+FFFD: drop that tail.
            while text.ends_with('\u{FFFD}') {
                text.pop();
            }
            text.push_str(&format!(
                "\n[codemode: output truncated after {} bytes]\n",
                state.cap
            ));
        }
        Captured {
            text,
            truncated: state.overflowed,
        }
    }
}

const OVERFLOW: &str = "output limit exceeded";

impl IsTerminal for CappedPipe {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdoutStream for CappedPipe {
    fn p2_stream(&self) -> Box<dyn OutputStream> {
        Box::new(self.clone())
    }

    fn async_stream(&self) -> Box<dyn AsyncWrite + Send + Sync> {
        Box::new(self.clone())
    }
}

#[wasmtime_wasi::async_trait]
impl Pollable for CappedPipe {
    async fn ready(&mut self) {}
}

impl OutputStream for CappedPipe {
    fn write(&mut self, bytes: Bytes) -> Result<(), StreamError> {
        if self.append(&bytes) {
            Ok(())
        } else {
            Err(StreamError::Trap(wasmtime::format_err!(OVERFLOW)))
        }
    }

    fn flush(&mut self) -> Result<(), StreamError> {
        Ok(())
    }

    fn check_write(&mut self) -> Result<usize, StreamError> {
        if self.overflowed() {
            Err(StreamError::Trap(wasmtime::format_err!(OVERFLOW)))
        } else {
            // Always writable; the cap is enforced in `write`.
            Ok(64 * 1024)
        }
    }
}

impl AsyncWrite for CappedPipe {
    fn poll_write(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.append(buf) {
            Poll::Ready(Ok(buf.len()))
        } else {
            Poll::Ready(Err(io::Error::other(OVERFLOW)))
        }
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_fits_and_marks_the_cut() {
        let pipe = CappedPipe::new(8);
        assert!(pipe.append(b"hello"));
        assert!(!pipe.append(b" world"));
        let out = pipe.finish();
        assert!(out.truncated);
        assert!(
            out.text
                .starts_with("hello wo\n[codemode: output truncated after 8 bytes]")
        );
    }

    #[test]
    fn never_splits_a_character() {
        let pipe = CappedPipe::new(4);
        assert!(!pipe.append("aé€".as_bytes()));
        let out = pipe.finish();
        assert!(out.text.starts_with("aé\n[codemode"), "{:?}", out.text);
    }
}
