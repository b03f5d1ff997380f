//! The language server end to end: the real binary over stdio.

mod client;
mod explore;
