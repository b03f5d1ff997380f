//! What the AI tests share: the runtimes over the shared compiled-code cache, and an
//! in-process model that answers from a list (the wire protocols are tested with the scripted
//! model server in `model.rs`, `buggy_programs.rs` and end to end).

#![allow(dead_code)] // each test crate uses its own part

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use codemode_runtimes::{CodeCache, RuntimeConfig, Runtimes, Sandbox};
use codemode_service::model::{ChatFuture, ChatRequest, ChatResponse, ModelClient};

/// The built-in runtimes, compiled code cached in `target/test-cache` (shared by all tests).
pub fn runtimes() -> Arc<Runtimes> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let sandbox = Sandbox::new(CodeCache::new(Some(root.join("target/test-cache")))).unwrap();
    Arc::new(Runtimes::new(sandbox, RuntimeConfig::default()))
}

/// Answers from a list, recording every request.
#[derive(Default)]
pub struct Scripted {
    pub answers: Mutex<VecDeque<ChatResponse>>,
    pub seen: Mutex<Vec<ChatRequest>>,
}

impl Scripted {
    pub fn new(answers: Vec<ChatResponse>) -> Arc<Self> {
        Arc::new(Self {
            answers: Mutex::new(answers.into()),
            seen: Mutex::default(),
        })
    }
}

impl ModelClient for Scripted {
    fn describe(&self) -> String {
        "scripted".into()
    }
    fn chat(&self, request: ChatRequest) -> ChatFuture<'_> {
        self.seen.lock().unwrap().push(request);
        let answer = self.answers.lock().unwrap().pop_front();
        Box::pin(async move { Ok(answer.expect("the script ran out of answers")) })
    }
}
