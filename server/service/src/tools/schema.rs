//! A JSON Schema reduced to the types a stub can state: the common ground of Python type hints
//! and TypeScript types. Unknown or unsupported constructs become `Any`, never an error: an
//! upstream's schema is data we do not control.

use serde_json::{Map, Value};

use super::names::pascal;

/// How deep nested object schemas become named types; deeper ones are plain mappings.
const MAX_DEPTH: usize = 4;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ty {
    Any,
    Str,
    Int,
    Float,
    Bool,
    Null,
    /// `enum` / `const` values.
    Literal(Vec<Value>),
    List(Box<Ty>),
    /// An object with no declared properties: `dict[str, T]` / `Record<string, T>`.
    Map(Box<Ty>),
    Object(Box<ObjectTy>),
    Union(Vec<Ty>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ObjectTy {
    /// Suggested type name (PascalCase), made unique when rendered.
    pub name: String,
    pub description: Option<String>,
    pub fields: Vec<Field>,
    /// `additionalProperties` is `true` or a schema (explicitly).
    pub open: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    /// The property name as the schema spells it (used on the wire).
    pub key: String,
    pub ty: Ty,
    pub required: bool,
    pub description: Option<String>,
    pub default: Option<Value>,
}

impl Ty {
    pub(crate) fn is_null(&self) -> bool {
        matches!(self, Ty::Null)
    }
}

/// Converts `schema` (resolving local `$ref`s against `root`) with `name` as the type name of
/// an object at this place.
pub(crate) fn convert(schema: &Value, root: &Value, name: &str) -> Ty {
    Converter {
        root,
        refs: Vec::new(),
    }
    .ty(schema, name, 0)
}

/// The top-level object of a tool's input schema (an empty object for anything else).
pub(crate) fn object(schema: &Value, name: &str) -> ObjectTy {
    match convert(schema, schema, name) {
        Ty::Object(object) => *object,
        Ty::Map(_) | Ty::Any => ObjectTy {
            name: name.to_owned(),
            description: None,
            fields: Vec::new(),
            open: true,
        },
        _ => ObjectTy {
            name: name.to_owned(),
            description: None,
            fields: Vec::new(),
            open: false,
        },
    }
}

struct Converter<'a> {
    root: &'a Value,
    refs: Vec<String>,
}

impl Converter<'_> {
    fn ty(&mut self, schema: &Value, name: &str, depth: usize) -> Ty {
        let Some(obj) = schema.as_object() else {
            return Ty::Any; // `true`, `{}`-less booleans and garbage
        };
        if let Some(reference) = obj.get("$ref").and_then(Value::as_str) {
            return self.reference(reference, name, depth);
        }
        if let Some(value) = obj.get("const") {
            return Ty::Literal(vec![value.clone()]);
        }
        if let Some(values) = obj.get("enum").and_then(Value::as_array)
            && !values.is_empty()
        {
            return Ty::Literal(values.clone());
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(members) = obj.get(key).and_then(Value::as_array) {
                let mut merged = Vec::new();
                for (i, member) in members.iter().enumerate() {
                    let member_name = if members.len() > 1 {
                        format!("{name}{}", i + 1)
                    } else {
                        name.to_owned()
                    };
                    push_union(&mut merged, self.ty(member, &member_name, depth));
                }
                return union(merged);
            }
        }
        if let Some(parts) = obj.get("allOf").and_then(Value::as_array) {
            return self.all_of(obj, parts, name, depth);
        }
        match obj.get("type") {
            Some(Value::String(t)) => self.typed(t, obj, name, depth),
            Some(Value::Array(types)) => {
                let mut merged = Vec::new();
                for t in types.iter().filter_map(Value::as_str) {
                    push_union(&mut merged, self.typed(t, obj, name, depth));
                }
                union(merged)
            }
            _ if obj.contains_key("properties") => self.typed("object", obj, name, depth),
            _ if obj.contains_key("items") => self.typed("array", obj, name, depth),
            _ => Ty::Any,
        }
    }

    fn typed(&mut self, t: &str, obj: &Map<String, Value>, name: &str, depth: usize) -> Ty {
        match t {
            "string" => Ty::Str,
            "integer" => Ty::Int,
            "number" => Ty::Float,
            "boolean" => Ty::Bool,
            "null" => Ty::Null,
            "array" => {
                let item_name = format!("{name}Item");
                let item = match obj.get("items") {
                    Some(items @ Value::Object(_)) => self.ty(items, &item_name, depth + 1),
                    _ => Ty::Any,
                };
                Ty::List(Box::new(item))
            }
            "object" => self.object(obj, name, depth),
            _ => Ty::Any,
        }
    }

    fn object(&mut self, obj: &Map<String, Value>, name: &str, depth: usize) -> Ty {
        let additional = obj.get("additionalProperties");
        let properties = obj.get("properties").and_then(Value::as_object);
        let Some(properties) = properties.filter(|p| !p.is_empty()) else {
            let value = match additional {
                Some(schema @ Value::Object(_)) => {
                    self.ty(schema, &format!("{name}Value"), depth + 1)
                }
                _ => Ty::Any,
            };
            return Ty::Map(Box::new(value));
        };
        if depth >= MAX_DEPTH {
            return Ty::Map(Box::new(Ty::Any));
        }
        let required: Vec<&str> = obj
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let fields = properties
            .iter()
            .map(|(key, schema)| Field {
                key: key.clone(),
                ty: self.ty(schema, &format!("{name}{}", pascal(key)), depth + 1),
                required: required.contains(&key.as_str()),
                description: description(schema),
                default: schema.get("default").cloned(),
            })
            .collect();
        Ty::Object(Box::new(ObjectTy {
            name: name.to_owned(),
            description: obj
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            fields,
            open: matches!(additional, Some(Value::Bool(true)) | Some(Value::Object(_))),
        }))
    }

    /// `allOf`: object parts are merged into one object; a single part is that part.
    fn all_of(
        &mut self,
        obj: &Map<String, Value>,
        parts: &[Value],
        name: &str,
        depth: usize,
    ) -> Ty {
        let mut merged: Option<ObjectTy> = None;
        let mut others = Vec::new();
        let own = Value::Object(
            obj.iter()
                .filter(|(k, _)| *k != "allOf")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        );
        for part in parts.iter().chain(std::iter::once(&own)) {
            match self.ty(part, name, depth) {
                Ty::Object(o) => match &mut merged {
                    Some(m) => {
                        for field in o.fields {
                            if let Some(existing) = m.fields.iter_mut().find(|f| f.key == field.key)
                            {
                                existing.required |= field.required;
                            } else {
                                m.fields.push(field);
                            }
                        }
                        m.open &= o.open;
                    }
                    None => merged = Some(*o),
                },
                Ty::Any | Ty::Map(_) => {}
                other => others.push(other),
            }
        }
        match (merged, others.len()) {
            (Some(o), _) => Ty::Object(Box::new(o)),
            (None, 1) => others.remove(0),
            _ => Ty::Any,
        }
    }

    fn reference(&mut self, reference: &str, name: &str, depth: usize) -> Ty {
        let Some(pointer) = reference.strip_prefix('#') else {
            return Ty::Any; // remote references are not fetched
        };
        if self.refs.iter().any(|r| r == reference) {
            return Ty::Any; // recursive type
        }
        let Some(target) = self.root.pointer(pointer) else {
            return Ty::Any;
        };
        let target_name = pointer
            .rsplit('/')
            .next()
            .filter(|n| !n.is_empty())
            .map(pascal)
            .unwrap_or_else(|| name.to_owned());
        self.refs.push(reference.to_owned());
        let ty = self.ty(target, &target_name, depth);
        self.refs.pop();
        ty
    }
}

pub(crate) fn description(schema: &Value) -> Option<String> {
    schema
        .get("description")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
}

fn push_union(members: &mut Vec<Ty>, ty: Ty) {
    match ty {
        Ty::Union(inner) => {
            for t in inner {
                push_union(members, t);
            }
        }
        Ty::Literal(values) => {
            if let Some(Ty::Literal(existing)) =
                members.iter_mut().find(|m| matches!(m, Ty::Literal(_)))
            {
                for v in values {
                    if !existing.contains(&v) {
                        existing.push(v);
                    }
                }
            } else {
                members.push(Ty::Literal(values));
            }
        }
        other => {
            if !members.contains(&other) {
                members.push(other);
            }
        }
    }
}

fn union(mut members: Vec<Ty>) -> Ty {
    if members.contains(&Ty::Any) {
        return Ty::Any;
    }
    match members.len() {
        0 => Ty::Any,
        1 => members.remove(0),
        _ => Ty::Union(members),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn scalars_lists_maps_unions() {
        let s = json!({"type": "object", "properties": {
            "a": {"type": "string"},
            "b": {"type": ["integer", "null"]},
            "c": {"type": "array", "items": {"type": "number"}},
            "d": {"type": "object", "additionalProperties": {"type": "boolean"}},
            "e": {"enum": ["x", "y"]},
            "f": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "g": {},
        }, "required": ["a"]});
        let o = object(&s, "In");
        let ty = |k: &str| o.fields.iter().find(|f| f.key == k).unwrap().ty.clone();
        assert_eq!(ty("a"), Ty::Str);
        assert_eq!(ty("b"), Ty::Union(vec![Ty::Int, Ty::Null]));
        assert_eq!(ty("c"), Ty::List(Box::new(Ty::Float)));
        assert_eq!(ty("d"), Ty::Map(Box::new(Ty::Bool)));
        assert_eq!(ty("e"), Ty::Literal(vec![json!("x"), json!("y")]));
        assert_eq!(ty("f"), Ty::Union(vec![Ty::Str, Ty::Null]));
        assert_eq!(ty("g"), Ty::Any);
        assert!(o.fields[0].required && !o.fields[1].required);
    }

    #[test]
    fn refs_resolve_and_recursion_stops() {
        let s = json!({"type": "object", "properties": {"node": {"$ref": "#/$defs/Node"}},
            "$defs": {"Node": {"type": "object", "properties": {
                "name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}}}}});
        let o = object(&s, "In");
        let Ty::Object(node) = &o.fields[0].ty else {
            panic!("{o:?}")
        };
        assert_eq!(node.name, "Node");
        let children = node.fields.iter().find(|f| f.key == "children").unwrap();
        assert_eq!(children.ty, Ty::List(Box::new(Ty::Any)));
    }
}
