//! Compiles the JS prelude modules (`js/*.js`) to QuickJS bytecode with a native QuickJS of the
//! same version, so that an instance reads bytecode instead of parsing source, and writes
//! `modules.rs`: a table of (name, bytecode) that `engine.rs` includes.

use std::{env, fs, path::PathBuf};

use rquickjs::{Context, Runtime, qjs};

/// `core` runs in every instance; the others load on first use.
const MODULES: &[&str] = &["core", "inspect", "timers", "web", "node", "testing"];

fn main() {
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    let mut table =
        String::from("/// (name, QuickJS bytecode) of the prelude modules, written by build.rs.\n");
    table.push_str("pub static MODULES: &[(&str, &[u8])] = &[\n");
    for name in MODULES {
        let path = format!("js/{name}.js");
        println!("cargo:rerun-if-changed={path}");
        let source = fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"));
        let bytes = compile(&source, &path);
        let out = out_dir.join(format!("{name}.qjsbc"));
        fs::write(&out, bytes).expect("write bytecode");
        table.push_str(&format!(
            "    ({name:?}, include_bytes!({:?})),\n",
            out.display().to_string()
        ));
    }
    table.push_str("];\n");
    fs::write(out_dir.join("modules.rs"), table).expect("write modules.rs");
}

fn compile(source: &str, path: &str) -> Vec<u8> {
    let rt = Runtime::new().expect("QuickJS runtime");
    let ctx = Context::full(&rt).expect("QuickJS context");
    ctx.with(|ctx| {
        let raw = ctx.as_raw().as_ptr();
        let mut src = source.as_bytes().to_vec();
        let len = src.len();
        src.push(0);
        // SAFETY: `src` is NUL-terminated and outlives the call; `raw` is the live context.
        #[allow(unsafe_code)]
        unsafe {
            let func = qjs::JS_Eval(
                raw,
                src.as_ptr().cast(),
                len as _,
                c"<codemode>".as_ptr(),
                (qjs::JS_EVAL_TYPE_GLOBAL
                    | qjs::JS_EVAL_FLAG_COMPILE_ONLY
                    | qjs::JS_EVAL_FLAG_STRICT) as i32,
            );
            if qjs::JS_IsException(func) {
                let err: rquickjs::Value = ctx.catch();
                let text = err
                    .as_object()
                    .map(|o| {
                        let msg: String = o.get("message").unwrap_or_default();
                        let stack: String = o.get("stack").unwrap_or_default();
                        format!("{msg}\n{stack}")
                    })
                    .unwrap_or_else(|| format!("{err:?}"));
                panic!("{path} does not compile: {text}");
            }
            let mut size = 0;
            let buf = qjs::JS_WriteObject(
                raw,
                &mut size,
                func,
                (qjs::JS_WRITE_OBJ_BYTECODE
                    | qjs::JS_WRITE_OBJ_STRIP_SOURCE
                    | qjs::JS_WRITE_OBJ_STRIP_DEBUG) as i32,
            );
            assert!(!buf.is_null(), "JS_WriteObject failed");
            let bytes = std::slice::from_raw_parts(buf, size as usize).to_vec();
            qjs::js_free(raw, buf.cast());
            qjs::JS_FreeValue(raw, func);
            bytes
        }
    })
}
