//! Text inputs: input (`govukInput`), textarea (`govukTextarea`) and select
//! (`govukSelect`), each in a form group with its label, hint and error message.

use serde::Deserialize;

use crate::basic::{ErrorMessage, Hint, Label};
use crate::common::{
    Attributes, Component, Content, FormGroup, Scalar, de_falsy_opt, de_opt_string, de_truthy_vec,
    push_attr_list, push_classes, push_escaped, push_opt_attr, scalar, some,
};

/// Label, hint and error message of a form control, with the `aria-describedby`
/// ids they add. Shared by every form component.
pub(crate) fn label_hint_error(
    out: &mut String,
    id: Option<&str>,
    label: &Option<Label>,
    hint: &Option<Hint>,
    error: &Option<ErrorMessage>,
    described_by: &mut String,
) {
    label
        .clone()
        .unwrap_or_default()
        .with_for(id)
        .render_into(out);
    hint_error(out, id.unwrap_or("undefined"), hint, error, described_by);
}

/// Hint and error message with their ids, appending those ids to `described_by`.
pub(crate) fn hint_error(
    out: &mut String,
    id: &str,
    hint: &Option<Hint>,
    error: &Option<ErrorMessage>,
    described_by: &mut String,
) {
    let mut add = |s: &str| {
        if !described_by.is_empty() {
            described_by.push(' ');
        }
        described_by.push_str(s);
    };
    if let Some(hint) = hint {
        let hint_id = format!("{id}-hint");
        add(&hint_id);
        hint.with_id(&hint_id).render_into(out);
    }
    if let Some(error) = error {
        let error_id = format!("{id}-error");
        add(&error_id);
        error.with_id(&error_id).render_into(out);
    }
}

fn push_content(out: &mut String, c: &Option<Content>) {
    if let Some(c) = c {
        c.render_into(out);
    }
}

/// A prefix or suffix of an input.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Affix {
    /// Text.
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

/// The wrapper around an input with a prefix or suffix.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct InputWrapper {
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

/// Input (`govukInput`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Input {
    /// Id, default the name.
    pub id: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Type, default `text`.
    #[serde(rename = "type")]
    pub type_: Option<String>,
    /// Input mode.
    pub inputmode: Option<String>,
    /// Value.
    #[serde(deserialize_with = "de_opt_string")]
    pub value: Option<String>,
    /// Disabled.
    pub disabled: Option<Scalar>,
    /// Extra ids for `aria-describedby`.
    pub described_by: Option<String>,
    /// Label.
    pub label: Option<Label>,
    /// Hint.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub hint: Option<Hint>,
    /// Error message.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub error_message: Option<ErrorMessage>,
    /// Prefix.
    pub prefix: Option<Affix>,
    /// Suffix.
    pub suffix: Option<Affix>,
    /// Form group.
    pub form_group: FormGroup,
    /// Wrapper (with prefix or suffix).
    pub input_wrapper: InputWrapper,
    /// Autocomplete.
    pub autocomplete: Option<String>,
    /// Autocapitalize.
    pub autocapitalize: Option<String>,
    /// Pattern.
    pub pattern: Option<String>,
    /// Spellcheck (`true` or `false`; unset leaves it out).
    pub spellcheck: Option<bool>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

fn push_affix(out: &mut String, affix: &Affix, kind: &str) {
    out.push_str("<div class=\"govuk-input__");
    out.push_str(kind);
    if let Some(c) = some(&affix.classes) {
        out.push(' ');
        out.push_str(c);
    }
    out.push_str("\" aria-hidden=\"true\"");
    affix.attributes.render_into(out);
    out.push('>');
    crate::common::push_html_or_text(out, &affix.html, &affix.text);
    out.push_str("</div>");
}

fn affix_set(a: &Option<Affix>) -> Option<&Affix> {
    a.as_ref()
        .filter(|a| some(&a.text).is_some() || some(&a.html).is_some())
}

fn content_set(c: &Option<Content>) -> Option<&Content> {
    c.as_ref().filter(|c| c.is_set())
}

impl Component for Input {
    fn render_into(&self, out: &mut String) {
        let error = self.error_message.is_some();
        let id = some(&self.id).or(some(&self.name));
        self.form_group.open(out, error);
        let mut described_by = some(&self.described_by).unwrap_or("").to_owned();
        label_hint_error(
            out,
            id,
            &self.label,
            &self.hint,
            &self.error_message,
            &mut described_by,
        );
        let input = |out: &mut String| {
            let mut class = "govuk-input".to_owned();
            if let Some(c) = some(&self.classes) {
                class.push(' ');
                class.push_str(c);
            }
            if error {
                class.push_str(" govuk-input--error");
            }
            out.push_str("<input");
            let described = if described_by.is_empty() {
                Scalar::Null
            } else {
                Scalar::Str(described_by.clone())
            };
            push_attr_list(
                out,
                &[
                    ("class", Scalar::Str(class), false),
                    (
                        "id",
                        id.map_or(Scalar::Null, |i| Scalar::Str(i.to_owned())),
                        false,
                    ),
                    ("name", scalar(&self.name), false),
                    (
                        "type",
                        Scalar::Str(some(&self.type_).unwrap_or("text").to_owned()),
                        false,
                    ),
                    (
                        "spellcheck",
                        self.spellcheck
                            .map_or(Scalar::Bool(false), |b| Scalar::Str(b.to_string())),
                        true,
                    ),
                    ("value", scalar(&self.value), true),
                    (
                        "disabled",
                        self.disabled.clone().unwrap_or(Scalar::Null),
                        true,
                    ),
                    ("aria-describedby", described, true),
                    ("autocomplete", scalar(&self.autocomplete), true),
                    ("autocapitalize", scalar(&self.autocapitalize), true),
                    ("pattern", scalar(&self.pattern), true),
                    ("inputmode", scalar(&self.inputmode), true),
                ],
            );
            self.attributes.render_into(out);
            out.push('>');
        };
        let prefix = affix_set(&self.prefix);
        let suffix = affix_set(&self.suffix);
        let before = content_set(&self.form_group.before_input);
        let after = content_set(&self.form_group.after_input);
        if prefix.is_some() || suffix.is_some() || before.is_some() || after.is_some() {
            out.push_str("<div class=\"");
            push_classes(out, "govuk-input__wrapper", &self.input_wrapper.classes);
            out.push('"');
            self.input_wrapper.attributes.render_into(out);
            out.push('>');
            if let Some(c) = before {
                c.render_into(out);
            }
            if let Some(p) = prefix {
                push_affix(out, p, "prefix");
            }
            input(out);
            if let Some(s) = suffix {
                push_affix(out, s, "suffix");
            }
            if let Some(c) = after {
                c.render_into(out);
            }
            out.push_str("</div>");
        } else {
            input(out);
        }
        out.push_str("</div>");
    }
}

/// Textarea (`govukTextarea`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Textarea {
    /// Id, default the name.
    pub id: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Rows, default 5.
    #[serde(deserialize_with = "de_opt_string")]
    pub rows: Option<String>,
    /// Value.
    #[serde(deserialize_with = "de_opt_string")]
    pub value: Option<String>,
    /// Disabled.
    pub disabled: bool,
    /// Extra ids for `aria-describedby`.
    pub described_by: Option<String>,
    /// Label.
    pub label: Option<Label>,
    /// Hint.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub hint: Option<Hint>,
    /// Error message.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub error_message: Option<ErrorMessage>,
    /// Form group.
    pub form_group: FormGroup,
    /// Autocomplete.
    pub autocomplete: Option<String>,
    /// Spellcheck.
    pub spellcheck: Option<bool>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

impl Component for Textarea {
    fn render_into(&self, out: &mut String) {
        let error = self.error_message.is_some();
        let id = some(&self.id).or(some(&self.name));
        self.form_group.open(out, error);
        let mut described_by = some(&self.described_by).unwrap_or("").to_owned();
        label_hint_error(
            out,
            id,
            &self.label,
            &self.hint,
            &self.error_message,
            &mut described_by,
        );
        push_content(out, &self.form_group.before_input);
        out.push_str("<textarea class=\"govuk-textarea");
        if error {
            out.push_str(" govuk-textarea--error");
        }
        if let Some(c) = some(&self.classes) {
            out.push(' ');
            out.push_str(c);
        }
        out.push_str("\" id=\"");
        push_escaped(out, id.unwrap_or(""));
        out.push_str("\" name=\"");
        push_escaped(out, self.name.as_deref().unwrap_or(""));
        out.push_str("\" rows=\"");
        push_escaped(out, some(&self.rows).unwrap_or("5"));
        out.push('"');
        if let Some(s) = self.spellcheck {
            out.push_str(if s {
                " spellcheck=\"true\""
            } else {
                " spellcheck=\"false\""
            });
        }
        if self.disabled {
            out.push_str(" disabled");
        }
        if !described_by.is_empty() {
            out.push_str(" aria-describedby=\"");
            push_escaped(out, &described_by);
            out.push('"');
        }
        push_opt_attr(out, "autocomplete", &self.autocomplete);
        self.attributes.render_into(out);
        out.push('>');
        if let Some(v) = &self.value {
            push_escaped(out, v);
        }
        out.push_str("</textarea>");
        push_content(out, &self.form_group.after_input);
        out.push_str("</div>");
    }
}

/// An option of a select.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SelectItem {
    /// Value (without it the text is the value).
    #[serde(deserialize_with = "de_opt_string")]
    pub value: Option<String>,
    /// Text.
    #[serde(deserialize_with = "de_opt_string")]
    pub text: Option<String>,
    /// Selected (`false` stops selection by the select's `value`).
    pub selected: Option<bool>,
    /// Disabled.
    pub disabled: bool,
    /// Extra attributes.
    pub attributes: Attributes,
}

/// Select (`govukSelect`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Select {
    /// Id, default the name.
    pub id: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Options.
    #[serde(deserialize_with = "de_truthy_vec")]
    pub items: Vec<SelectItem>,
    /// Value to select.
    #[serde(deserialize_with = "de_opt_string")]
    pub value: Option<String>,
    /// Disabled.
    pub disabled: bool,
    /// Extra ids for `aria-describedby`.
    pub described_by: Option<String>,
    /// Label.
    pub label: Option<Label>,
    /// Hint.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub hint: Option<Hint>,
    /// Error message.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub error_message: Option<ErrorMessage>,
    /// Form group.
    pub form_group: FormGroup,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

impl Component for Select {
    fn render_into(&self, out: &mut String) {
        let error = self.error_message.is_some();
        let id = some(&self.id).or(some(&self.name));
        self.form_group.open(out, error);
        let mut described_by = some(&self.described_by).unwrap_or("").to_owned();
        label_hint_error(
            out,
            id,
            &self.label,
            &self.hint,
            &self.error_message,
            &mut described_by,
        );
        push_content(out, &self.form_group.before_input);
        out.push_str("<select class=\"govuk-select");
        if let Some(c) = some(&self.classes) {
            out.push(' ');
            out.push_str(c);
        }
        if error {
            out.push_str(" govuk-select--error");
        }
        out.push_str("\" id=\"");
        push_escaped(out, id.unwrap_or(""));
        out.push_str("\" name=\"");
        push_escaped(out, self.name.as_deref().unwrap_or(""));
        out.push('"');
        if self.disabled {
            out.push_str(" disabled");
        }
        if !described_by.is_empty() {
            out.push_str(" aria-describedby=\"");
            push_escaped(out, &described_by);
            out.push('"');
        }
        self.attributes.render_into(out);
        out.push('>');
        for item in &self.items {
            out.push_str("<option");
            if let Some(v) = &item.value {
                out.push_str(" value=\"");
                push_escaped(out, v);
                out.push('"');
            }
            let effective = item.value.as_ref().or(item.text.as_ref());
            let selected = item.selected == Some(true)
                || some(&self.value).is_some_and(|v| {
                    effective.map(String::as_str) == Some(v) && item.selected != Some(false)
                });
            if selected {
                out.push_str(" selected");
            }
            if item.disabled {
                out.push_str(" disabled");
            }
            item.attributes.render_into(out);
            out.push('>');
            if let Some(t) = &item.text {
                push_escaped(out, t);
            }
            out.push_str("</option>");
        }
        out.push_str("</select>");
        push_content(out, &self.form_group.after_input);
        out.push_str("</div>");
    }
}
