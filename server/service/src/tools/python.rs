//! Python stubs and the `servers` package of a run.

use codemode_runtimes::GuestModule;
use serde_json::Value;

use super::names::{Target, identifier, pascal, unique};
use super::schema::{self, Field, ObjectTy, Ty};
use super::{ToolInfo, by_server};

/// Names the generated function body uses itself.
const RESERVED_LOCALS: &[&str] = &["_arguments", "_call_tool", "Any"];

pub(crate) fn stub(tool: &ToolInfo) -> String {
    stub_named(tool, &tool.function_name())
}

fn stub_named(tool: &ToolInfo, function: &str) -> String {
    let mut r = Render::default();
    let base = pascal(function);
    let input = schema::object(&tool.input_schema, &format!("{base}Input"));
    let mut taken: Vec<String> = RESERVED_LOCALS.iter().map(|s| s.to_string()).collect();
    let mut params: Vec<(String, &Field, String)> = Vec::new();
    let mut ordered: Vec<&Field> = input.fields.iter().filter(|f| f.required).collect();
    ordered.extend(input.fields.iter().filter(|f| !f.required));
    for field in ordered {
        let name = unique(identifier(&field.key, Target::Python), &mut taken);
        let ty = r.ty(&field.ty);
        params.push((name, field, ty));
    }
    let returns = match &tool.output_schema {
        Some(output) => {
            let ty = schema::convert(output, output, &format!("{base}Output"));
            r.ty(&ty)
        }
        None => "Any".to_owned(),
    };
    let varargs = input.open || input.fields.is_empty();
    let extra_name = if input.fields.is_empty() {
        "arguments"
    } else {
        "extra"
    };

    // Signature
    let mut signature: Vec<String> = Vec::new();
    if !params.is_empty() {
        signature.push("*".into());
    }
    for (name, field, ty) in &params {
        if field.required {
            signature.push(format!("{name}: {ty}"));
        } else {
            let ty = if field.ty == Ty::Any || ty.starts_with("Optional[") {
                ty.clone()
            } else {
                format!("Optional[{ty}]")
            };
            signature.push(format!("{name}: {ty} = None"));
        }
    }
    if varargs {
        signature.push(format!("**{extra_name}: Any"));
    }

    // Docstring
    let mut doc = String::new();
    let summary = tool.description.trim();
    if summary.is_empty() {
        doc.push_str(&format!(
            "Call the tool `{}` of the MCP server `{}`.",
            tool.name, tool.server
        ));
    } else {
        doc.push_str(&wrap(summary, 84));
    }
    if !params.is_empty() || varargs {
        doc.push_str("\n\nArgs:");
        for (name, field, _) in &params {
            let mut line = format!("\n    {name}:");
            if let Some(d) = &field.description {
                line.push(' ');
                line.push_str(&indent_continuation(d, "        "));
            }
            if name != &field.key {
                line.push_str(&format!(" (sent as `{}`)", field.key));
            }
            if let Some(default) = &field.default {
                if !line.ends_with(['.', ':']) {
                    line.push('.');
                }
                line.push_str(&format!(" Default: {}.", compact(default)));
            }
            doc.push_str(&line);
        }
        if varargs {
            doc.push_str(&format!(
                "\n    **{extra_name}: further arguments, sent as they are."
            ));
        }
    }
    doc.push_str("\n\nReturns:\n    ");
    match tool.output_schema.as_ref().and_then(schema::description) {
        Some(d) => doc.push_str(&indent_continuation(&d, "    ")),
        None if tool.output_schema.is_some() => doc.push_str("The tool's structured result."),
        None => doc.push_str("The tool's result, decoded from JSON (text when it is not JSON)."),
    }
    doc.push_str(
        "\n\nRaises:\n    codemode.ToolError: the host refused the call or the tool failed.",
    );
    let hints = tool.hints();
    doc.push_str(&format!(
        "\n\nMCP tool `{}` of server `{}`",
        tool.name, tool.server
    ));
    if let Some(title) = &tool.title {
        doc.push_str(&format!(" (\"{title}\")"));
    }
    if !hints.is_empty() {
        doc.push_str(&format!("; {}", hints.join(", ")));
    }
    doc.push('.');

    // Body
    let wire = python_string(&tool.wire_name());
    let mut body = String::new();
    if params.is_empty() {
        body.push_str(&format!("    return _call_tool({wire}, {extra_name})\n"));
    } else {
        let required: Vec<String> = params
            .iter()
            .filter(|(_, f, _)| f.required)
            .map(|(name, f, _)| format!("{}: {name}", python_string(&f.key)))
            .collect();
        body.push_str(&format!(
            "    _arguments: dict[str, Any] = {{{}}}\n",
            required.join(", ")
        ));
        for (name, field, _) in params.iter().filter(|(_, f, _)| !f.required) {
            body.push_str(&format!(
                "    if {name} is not None:\n        _arguments[{}] = {name}\n",
                python_string(&field.key)
            ));
        }
        if varargs {
            body.push_str(&format!("    _arguments.update({extra_name})\n"));
        }
        body.push_str(&format!("    return _call_tool({wire}, _arguments)\n"));
    }

    let definition = format!(
        "def {function}({}) -> {returns}:\n    {}\n{body}",
        signature.join(", "),
        docstring(&doc, "    ")
    );
    let definitions = r.defs.join("\n\n\n");
    let imports = typing_imports(&format!("{definitions}\n{definition}"));
    let header_line = match &tool.title {
        Some(title) => format!("{}/{}: {title}", tool.server, tool.name),
        None => format!("{}/{}", tool.server, tool.name),
    };
    let mut out = format!(
        "{}\n\nfrom typing import {imports}\n\nfrom codemode import call_tool as _call_tool\n\n",
        docstring(
            &format!(
                "{header_line}\n\nGenerated by codemode from the tool's schema. In a snippet:\n\n    from servers import {module}\n    result = {module}.{function}(...)",
                module = tool.module_name()
            ),
            ""
        )
    );
    if !definitions.is_empty() {
        out.push('\n');
        out.push_str(&definitions);
        out.push_str("\n\n\n");
    } else {
        out.push('\n');
    }
    out.push_str(&definition);
    out
}

/// `servers`, `servers.<server>` and `servers.<server>.<tool>`.
pub(crate) fn modules(tools: &[ToolInfo]) -> Vec<GuestModule> {
    let groups = by_server(tools);
    if groups.is_empty() {
        return Vec::new();
    }
    let mut modules = Vec::new();
    let mut server_names = Vec::new();
    let mut taken_servers = Vec::new();
    for (server, tools) in groups {
        let module = unique(identifier(&server, Target::Python), &mut taken_servers);
        let mut taken = Vec::new();
        let mut lines = vec![
            docstring(&format!("Tools of the MCP server `{server}`."), ""),
            String::new(),
        ];
        let mut exported = Vec::new();
        for tool in tools {
            let function = unique(identifier(&tool.name, Target::Python), &mut taken);
            modules.push(GuestModule {
                name: format!("servers.{module}.{function}"),
                source: stub_named(tool, &function),
            });
            lines.push(format!("from .{function} import {function}"));
            exported.push(python_string(&function));
        }
        lines.push(String::new());
        lines.push(format!("__all__ = [{}]", exported.join(", ")));
        modules.push(GuestModule {
            name: format!("servers.{module}"),
            source: lines.join("\n") + "\n",
        });
        server_names.push(module);
    }
    let listed: Vec<String> = server_names.iter().map(|s| python_string(s)).collect();
    modules.push(GuestModule {
        name: "servers".into(),
        source: format!(
            "{}\n\nimport importlib as _importlib\n\n__all__ = [{}]\n\n\ndef __getattr__(name):\n    if name in __all__:\n        return _importlib.import_module(f\"{{__name__}}.{{name}}\")\n    raise AttributeError(f\"no MCP server {{name!r}}; the servers are: {{', '.join(__all__)}}\")\n",
            docstring("The tools of the upstream MCP servers: `from servers import <server>`.", ""),
            listed.join(", ")
        ),
    });
    modules
}

#[derive(Default)]
struct Render {
    defs: Vec<String>,
    names: Vec<String>,
}

impl Render {
    fn ty(&mut self, ty: &Ty) -> String {
        match ty {
            Ty::Any => "Any".into(),
            Ty::Str => "str".into(),
            Ty::Int => "int".into(),
            Ty::Float => "float".into(),
            Ty::Bool => "bool".into(),
            Ty::Null => "None".into(),
            Ty::Literal(values) => match values.iter().map(literal).collect::<Option<Vec<_>>>() {
                Some(items) => format!("Literal[{}]", items.join(", ")),
                None => "Any".into(),
            },
            Ty::List(item) => format!("list[{}]", self.ty(item)),
            Ty::Map(value) => format!("dict[str, {}]", self.ty(value)),
            Ty::Object(object) => self.typed_dict(object),
            Ty::Union(members) => {
                let nullable = members.iter().any(Ty::is_null);
                let rest: Vec<String> = members
                    .iter()
                    .filter(|m| !m.is_null())
                    .map(|m| self.ty(m))
                    .collect();
                let inner = match rest.len() {
                    0 => "None".to_owned(),
                    1 => rest[0].clone(),
                    _ => format!("Union[{}]", rest.join(", ")),
                };
                if nullable && !rest.is_empty() {
                    format!("Optional[{inner}]")
                } else {
                    inner
                }
            }
        }
    }

    fn typed_dict(&mut self, object: &ObjectTy) -> String {
        let name = unique(object.name.clone(), &mut self.names);
        let fields: Vec<(String, String, Option<String>)> = object
            .fields
            .iter()
            .map(|f| {
                let ty = self.ty(&f.ty);
                let ty = if f.required {
                    format!("Required[{ty}]")
                } else {
                    ty
                };
                (f.key.clone(), ty, f.description.clone())
            })
            .collect();
        let class_syntax = object
            .fields
            .iter()
            .all(|f| identifier(&f.key, Target::Python) == f.key);
        let mut def = String::new();
        if class_syntax {
            def.push_str(&format!("class {name}(TypedDict, total=False):\n"));
            if let Some(d) = &object.description {
                def.push_str(&format!("    {}\n\n", docstring(d, "    ")));
            }
            if fields.is_empty() {
                def.push_str("    pass\n");
            }
            for (key, ty, description) in &fields {
                if let Some(d) = description {
                    for line in d.lines() {
                        def.push_str(&format!("    #: {}\n", line.trim_end()));
                    }
                }
                def.push_str(&format!("    {key}: {ty}\n"));
            }
        } else {
            if let Some(d) = &object.description {
                for line in d.lines() {
                    def.push_str(&format!("#: {}\n", line.trim_end()));
                }
            }
            let items: Vec<String> = fields
                .iter()
                .map(|(key, ty, _)| format!("    {}: {ty},", python_string(key)))
                .collect();
            def.push_str(&format!(
                "{name} = TypedDict({}, {{\n{}\n}}, total=False)\n",
                python_string(&name),
                items.join("\n")
            ));
        }
        self.defs.push(def.trim_end().to_owned());
        name
    }
}

fn literal(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(python_string(s)),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(true) => Some("True".into()),
        Value::Bool(false) => Some("False".into()),
        Value::Null => Some("None".into()),
        _ => None,
    }
}

/// A Python string literal (JSON's escapes are Python's).
pub(crate) fn python_string(s: &str) -> String {
    serde_json::to_string(s).expect("strings serialize")
}

fn compact(value: &Value) -> String {
    match value {
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        Value::String(s) => python_string(s),
        other => other.to_string(),
    }
}

/// A triple-quoted docstring whose continuation lines are indented by `indent`.
pub(crate) fn docstring(text: &str, indent: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace("\"\"\"", "\\\"\\\"\\\"");
    let mut lines = escaped.lines();
    let mut out = format!("\"\"\"{}", lines.next().unwrap_or("").trim_end());
    let rest: Vec<&str> = lines.collect();
    if rest.is_empty() {
        out.push_str("\"\"\"");
        return out;
    }
    for line in rest {
        out.push('\n');
        if !line.trim().is_empty() {
            out.push_str(indent);
            out.push_str(line.trim_end());
        }
    }
    out.push('\n');
    out.push_str(indent);
    out.push_str("\"\"\"");
    out
}

/// Re-flows each paragraph of `text` to lines of at most `width` characters.
pub(crate) fn wrap(text: &str, width: usize) -> String {
    text.split("\n\n")
        .map(|paragraph| {
            let mut lines = Vec::new();
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                    lines.push(std::mem::take(&mut line));
                }
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
            }
            if !line.is_empty() {
                lines.push(line);
            }
            lines.join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn indent_continuation(text: &str, indent: &str) -> String {
    let mut lines = text.lines();
    let mut out = lines.next().unwrap_or("").trim().to_owned();
    for line in lines {
        out.push('\n');
        if !line.trim().is_empty() {
            out.push_str(indent);
            out.push_str(line.trim());
        }
    }
    out
}

fn typing_imports(code: &str) -> String {
    let mut names = vec!["Any"];
    for name in ["Literal", "Optional", "Required", "TypedDict", "Union"] {
        if code.contains(&format!("{name}["))
            || code.contains(&format!("{name}("))
            || code.contains(&format!("({name},"))
        {
            names.push(name);
        }
    }
    names.join(", ")
}
