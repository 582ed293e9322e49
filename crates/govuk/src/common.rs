//! Shared pieces: escaping, the `attributes` param, and small helpers that
//! mirror Nunjucks behaviour (truthiness, `html | safe if html else text`).

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

/// Renders a component into HTML.
pub trait Component {
    /// Appends the component's HTML to `out`.
    fn render_into(&self, out: &mut String);

    /// Returns the component's HTML.
    fn render(&self) -> String {
        let mut out = String::new();
        self.render_into(&mut out);
        out
    }
}

/// Escapes text exactly as Nunjucks autoescape does.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped(&mut out, s);
    out
}

/// Appends `s` to `out`, escaping `& < > " '` as Nunjucks autoescape does.
///
/// The text between those characters is copied a run at a time, not a character at a time: a
/// page of 50 cases escapes a few hundred values. The five are ASCII, so a byte that is one of
/// them is never inside a longer UTF-8 character and the slices fall on character boundaries.
pub fn push_escaped(out: &mut String, s: &str) {
    let mut copied = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[copied..i]);
        out.push_str(entity);
        copied = i + 1;
    }
    out.push_str(&s[copied..]);
}

/// Nunjucks truthiness of an optional string: present and not empty.
pub fn truthy(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|s| !s.is_empty())
}

/// The value of an optional string if it is truthy.
pub fn some(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

/// `params.html | safe if params.html else params.text`: raw HTML if given,
/// otherwise escaped text (nothing if neither).
pub fn push_html_or_text(out: &mut String, html: &Option<String>, text: &Option<String>) {
    if let Some(h) = some(html) {
        out.push_str(h.trim());
    } else if let Some(t) = text {
        push_escaped(out, t);
    }
}

/// Appends ` class="base extra"` style class lists: `base` then `extra` if truthy.
pub fn push_classes(out: &mut String, base: &str, extra: &Option<String>) {
    out.push_str(base);
    if let Some(c) = some(extra) {
        out.push(' ');
        out.push_str(c);
    }
}

/// Appends ` name="value"` with the value escaped.
pub fn push_attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    push_escaped(out, value);
    out.push('"');
}

/// Appends ` name="value"` if `value` is truthy.
pub fn push_opt_attr(out: &mut String, name: &str, value: &Option<String>) {
    if let Some(v) = some(value) {
        push_attr(out, name, v);
    }
}

/// A scalar value as Nunjucks would print it.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    /// `null` or `undefined`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A string (numbers are kept as the text JavaScript prints).
    Str(String),
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, number, boolean or null")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Str(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Str(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Str(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Str(v.to_owned()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
}

/// Deserializes a string field that fixtures sometimes give as a number or boolean.
pub fn de_opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Scalar::deserialize(d)? {
        Scalar::Null => None,
        Scalar::Bool(b) => Some(b.to_string()),
        Scalar::Str(s) => Some(s),
    })
}

/// One entry of an `attributes` map: a value, and whether it is optional
/// (optional attributes are left out when empty, and `true` renders the bare name).
#[derive(Clone, Debug, PartialEq)]
pub struct AttrValue {
    /// The value.
    pub value: Scalar,
    /// Whether the attribute is optional.
    pub optional: bool,
}

/// The `attributes` param: extra HTML attributes in the order given.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Attributes {
    /// No attributes.
    #[default]
    None,
    /// Attributes already written as HTML (inserted raw).
    Raw(String),
    /// Name and value pairs, values escaped.
    Map(Vec<(String, AttrValue)>),
}

impl Attributes {
    /// Attributes from name and value pairs.
    pub fn from_pairs<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Attributes::Map(
            pairs
                .into_iter()
                .map(|(k, v)| {
                    (
                        k.into(),
                        AttrValue {
                            value: Scalar::Str(v.into()),
                            optional: false,
                        },
                    )
                })
                .collect(),
        )
    }

    /// Whether there are no attributes.
    pub fn is_empty(&self) -> bool {
        match self {
            Attributes::None => true,
            Attributes::Raw(s) => s.is_empty(),
            Attributes::Map(m) => m.is_empty(),
        }
    }

    /// Appends the attributes as ` name="value"` pairs, as `govukAttributes` does.
    pub fn render_into(&self, out: &mut String) {
        match self {
            Attributes::None => {}
            Attributes::Raw(s) => out.push_str(s),
            Attributes::Map(m) => {
                for (name, item) in m {
                    match (&item.value, item.optional) {
                        (Scalar::Bool(true), true) => {
                            out.push(' ');
                            push_escaped(out, name);
                        }
                        (Scalar::Null | Scalar::Bool(false), true) => {}
                        (v, _) => {
                            out.push(' ');
                            push_escaped(out, name);
                            out.push_str("=\"");
                            match v {
                                Scalar::Null => {}
                                Scalar::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                                Scalar::Str(s) => push_escaped(out, s),
                            }
                            out.push('"');
                        }
                    }
                }
            }
        }
    }
}

impl<'de> Deserialize<'de> for Attributes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(AttributesVisitor)
    }
}

struct AttributesVisitor;

#[derive(Deserialize)]
#[serde(untagged)]
enum AttrItem {
    Full {
        #[serde(default)]
        value: Option<Scalar>,
        #[serde(default)]
        optional: Option<bool>,
    },
    Plain(Scalar),
}

impl<'de> Visitor<'de> for AttributesVisitor {
    type Value = Attributes;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map of attributes or a string of HTML")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Attributes, E> {
        Ok(Attributes::Raw(v.to_owned()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Attributes, E> {
        Ok(Attributes::None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Attributes, E> {
        Ok(Attributes::None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Attributes, A::Error> {
        let mut pairs = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, AttrItem>()? {
            let value = match v {
                AttrItem::Full { value, optional } => AttrValue {
                    value: value.unwrap_or(Scalar::Null),
                    optional: optional.unwrap_or(false),
                },
                AttrItem::Plain(value) => AttrValue {
                    value,
                    optional: false,
                },
            };
            pairs.push((k, value));
        }
        Ok(Attributes::Map(pairs))
    }
}

/// Attributes built inside a component: `(name, value, optional)`, as
/// `govukAttributes` renders them.
pub fn push_attr_list(out: &mut String, list: &[(&str, Scalar, bool)]) {
    for (name, value, optional) in list {
        match (value, optional) {
            (Scalar::Bool(true), true) => {
                out.push(' ');
                out.push_str(name);
            }
            (Scalar::Null | Scalar::Bool(false), true) => {}
            (v, _) => {
                out.push(' ');
                out.push_str(name);
                out.push_str("=\"");
                match v {
                    Scalar::Null => {}
                    Scalar::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                    Scalar::Str(s) => push_escaped(out, s),
                }
                out.push('"');
            }
        }
    }
}

/// An optional string as a [`Scalar`] (`None` is null).
pub fn scalar(s: &Option<String>) -> Scalar {
    match s {
        None => Scalar::Null,
        Some(s) => Scalar::Str(s.clone()),
    }
}

/// `text` and `html` pair used by many params (`html` wins when truthy).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Content {
    /// Text, escaped.
    #[serde(deserialize_with = "de_opt_string")]
    pub text: Option<String>,
    /// HTML, inserted raw.
    pub html: Option<String>,
}

impl Content {
    /// Whether either `html` or `text` is truthy.
    pub fn is_set(&self) -> bool {
        truthy(&self.html) || truthy(&self.text)
    }

    /// Appends the content.
    pub fn render_into(&self, out: &mut String) {
        push_html_or_text(out, &self.html, &self.text);
    }
}

/// Deserializes an optional object param that fixtures may also give as
/// `false`, `null` or a string (all of which Nunjucks treats as absent or falsy).
pub fn de_falsy_opt<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    #[allow(dead_code)] // the falsy variants are matched, never read
    enum Maybe<T> {
        Bool(bool),
        Str(String),
        Value(T),
    }
    Ok(match Option::<Maybe<T>>::deserialize(d)? {
        Some(Maybe::Value(v)) => Some(v),
        _ => None,
    })
}

/// The `formGroup` param of form components.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct FormGroup {
    /// Extra classes on the form group.
    pub classes: Option<String>,
    /// Extra attributes on the form group.
    pub attributes: Attributes,
    /// Content before the input.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub before_input: Option<Content>,
    /// Content after the input.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub after_input: Option<Content>,
}

impl FormGroup {
    /// Appends `<div class="govuk-form-group ...">` (without closing it).
    pub fn open(&self, out: &mut String, error: bool) {
        out.push_str("<div class=\"govuk-form-group");
        if error {
            out.push_str(" govuk-form-group--error");
        }
        if let Some(c) = some(&self.classes) {
            out.push(' ');
            out.push_str(c);
        }
        out.push('"');
        self.attributes.render_into(out);
        out.push('>');
    }
}

/// Deserializes a list, dropping falsy items (`null`, `false`, `""`), as
/// templates that loop with `{% if item %}` or `select("truthy")` do.
pub fn de_truthy_vec<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    #[allow(dead_code)] // the falsy variants are matched, never read
    enum Maybe<T> {
        Bool(bool),
        Str(String),
        Value(T),
    }
    let items = Option::<Vec<Option<Maybe<T>>>>::deserialize(d)?.unwrap_or_default();
    Ok(items
        .into_iter()
        .filter_map(|i| match i {
            Some(Maybe::Value(v)) => Some(v),
            _ => None,
        })
        .collect())
}

/// Deserializes a list keeping falsy items as `None`, for templates whose
/// loop index counts them.
pub fn de_sparse_vec<'de, D, T>(d: D) -> Result<Vec<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    #[allow(dead_code)] // the falsy variants are matched, never read
    enum Maybe<T> {
        Bool(bool),
        Str(String),
        Value(T),
    }
    let items = Option::<Vec<Option<Maybe<T>>>>::deserialize(d)?.unwrap_or_default();
    Ok(items
        .into_iter()
        .map(|i| match i {
            Some(Maybe::Value(v)) => Some(v),
            _ => None,
        })
        .collect())
}

/// Deserializes an optional string that may be given as `false` (treated as absent).
pub fn de_falsy_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Scalar::deserialize(d)? {
        Scalar::Null | Scalar::Bool(false) => None,
        Scalar::Bool(true) => Some("true".to_owned()),
        Scalar::Str(s) => Some(s),
    })
}
