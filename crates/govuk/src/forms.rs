//! Character count (`govukCharacterCount`, a textarea with a count message)
//! and file upload (`govukFileUpload`), with the translated messages their
//! scripts read from `data-i18n.*` attributes.

use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};

use crate::basic::{ErrorMessage, Hint, Label};
use crate::common::{
    Attributes, Component, Content, FormGroup, Scalar, de_falsy_opt, de_opt_string, push_attr,
    push_attr_list, push_classes, push_escaped, scalar, some, truthy,
};
use crate::input::{Textarea, label_hint_error};

/// Translations by plural rule (`one`, `other`, …), in the order given.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plurals(pub Vec<(String, String)>);

impl<'de> Deserialize<'de> for Plurals {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Plurals;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of plural rules to messages")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Plurals, A::Error> {
                let mut pairs = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, String>()? {
                    pairs.push((k, v));
                }
                Ok(Plurals(pairs))
            }
        }
        d.deserialize_map(V)
    }
}

/// `govukI18nAttributes`: ` data-i18n.key.rule="…"` for each plural, or
/// ` data-i18n.key="…"` for a single message.
fn push_i18n(out: &mut String, key: &str, message: &Option<String>, messages: &Option<Plurals>) {
    if let Some(Plurals(pairs)) = messages {
        for (rule, text) in pairs {
            push_attr(out, &format!("data-i18n.{key}.{rule}"), text);
        }
    } else if let Some(m) = some(message) {
        push_attr(out, &format!("data-i18n.{key}"), m);
    }
}

/// JavaScript truthiness of a number given as text.
fn num_truthy(s: &Option<String>) -> Option<&str> {
    some(s).filter(|s| *s != "0")
}

/// The count message of a character count.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CountMessage {
    /// Extra classes.
    pub classes: Option<String>,
}

/// Character count (`govukCharacterCount`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CharacterCount {
    /// Id, default the name.
    pub id: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Rows.
    #[serde(deserialize_with = "de_opt_string")]
    pub rows: Option<String>,
    /// Value.
    #[serde(deserialize_with = "de_opt_string")]
    pub value: Option<String>,
    /// Maximum characters.
    #[serde(deserialize_with = "de_opt_string")]
    pub maxlength: Option<String>,
    /// Maximum words.
    #[serde(deserialize_with = "de_opt_string")]
    pub maxwords: Option<String>,
    /// Percentage of the limit at which the count shows.
    #[serde(deserialize_with = "de_opt_string")]
    pub threshold: Option<String>,
    /// `words` or `characters`, default from whether `maxwords` is set.
    pub count_type: Option<String>,
    /// Spellcheck.
    pub spellcheck: Option<bool>,
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
    /// Count message classes.
    pub count_message: CountMessage,
    /// Description of the limit, with `%{count}` for the number.
    pub textarea_description_text: Option<String>,
    /// Message under the limit, by plural rule.
    pub characters_under_limit_text: Option<Plurals>,
    /// Message at the limit.
    pub characters_at_limit_text: Option<String>,
    /// Message over the limit, by plural rule.
    pub characters_over_limit_text: Option<Plurals>,
    /// Message under the word limit, by plural rule.
    pub words_under_limit_text: Option<Plurals>,
    /// Message at the word limit.
    pub words_at_limit_text: Option<String>,
    /// Message over the word limit, by plural rule.
    pub words_over_limit_text: Option<Plurals>,
    /// Extra classes on the textarea.
    pub classes: Option<String>,
    /// Extra attributes on the textarea.
    pub attributes: Attributes,
}

fn join_class(base: &str, extra: &Option<String>) -> String {
    let mut s = base.to_owned();
    if let Some(c) = some(extra) {
        s.push(' ');
        s.push_str(c);
    }
    s
}

impl Component for CharacterCount {
    fn render_into(&self, out: &mut String) {
        let count_type = some(&self.count_type)
            .map(str::to_owned)
            .or_else(|| num_truthy(&self.maxwords).map(|_| "words".to_owned()));
        let limit = num_truthy(&self.maxwords).or(num_truthy(&self.maxlength));
        let description = some(&self.textarea_description_text).map_or_else(
            || {
                let unit = if count_type.as_deref() == Some("words") {
                    "words"
                } else {
                    "characters"
                };
                format!("You can enter up to %{{count}} {unit}")
            },
            str::to_owned,
        );
        let id = some(&self.id).or(some(&self.name)).unwrap_or("undefined");
        let mut message = String::new();
        Hint {
            text: limit.map(|l| description.replace("%{count}", l)),
            id: Some(format!("{id}-info")),
            classes: Some(join_class(
                "govuk-character-count__message",
                &self.count_message.classes,
            )),
            ..Hint::default()
        }
        .render_into(&mut message);
        if let Some(c) = &self.form_group.after_input {
            c.render_into(&mut message);
        }
        let mut attrs = String::new();
        push_attr_list(
            &mut attrs,
            &[
                (
                    "data-module",
                    Scalar::Str("govuk-character-count".to_owned()),
                    false,
                ),
                ("data-maxlength", scalar(&self.maxlength), true),
                ("data-maxwords", scalar(&self.maxwords), true),
                ("data-threshold", scalar(&self.threshold), true),
                (
                    "data-count-type",
                    count_type.map_or(Scalar::Bool(false), Scalar::Str),
                    true,
                ),
            ],
        );
        if limit.is_none() && truthy(&self.textarea_description_text) {
            let other = Plurals(vec![(
                "other".to_owned(),
                self.textarea_description_text.clone().unwrap_or_default(),
            )]);
            push_i18n(&mut attrs, "textarea-description", &None, &Some(other));
        }
        push_i18n(
            &mut attrs,
            "characters-under-limit",
            &None,
            &self.characters_under_limit_text,
        );
        push_i18n(
            &mut attrs,
            "characters-at-limit",
            &self.characters_at_limit_text,
            &None,
        );
        push_i18n(
            &mut attrs,
            "characters-over-limit",
            &None,
            &self.characters_over_limit_text,
        );
        push_i18n(
            &mut attrs,
            "words-under-limit",
            &None,
            &self.words_under_limit_text,
        );
        push_i18n(
            &mut attrs,
            "words-at-limit",
            &self.words_at_limit_text,
            &None,
        );
        push_i18n(
            &mut attrs,
            "words-over-limit",
            &None,
            &self.words_over_limit_text,
        );
        if let Attributes::Map(pairs) = &self.form_group.attributes {
            for (name, v) in pairs {
                let value = match &v.value {
                    Scalar::Null => String::new(),
                    Scalar::Bool(b) => b.to_string(),
                    Scalar::Str(s) => s.clone(),
                };
                attrs.push(' ');
                push_escaped(&mut attrs, name);
                attrs.push_str("=\"");
                push_escaped(&mut attrs, &value);
                attrs.push('"');
            }
        }
        Textarea {
            id: Some(id.to_owned()),
            name: self.name.clone(),
            described_by: Some(format!("{id}-info")),
            rows: self.rows.clone(),
            spellcheck: self.spellcheck,
            value: self.value.clone(),
            form_group: FormGroup {
                classes: Some(join_class(
                    "govuk-character-count",
                    &self.form_group.classes,
                )),
                attributes: Attributes::Raw(attrs),
                before_input: self.form_group.before_input.clone(),
                after_input: Some(Content {
                    html: Some(message),
                    text: None,
                }),
            },
            classes: Some(join_class("govuk-js-character-count", &self.classes)),
            label: self.label.clone(),
            hint: self.hint.clone(),
            error_message: self.error_message.clone(),
            attributes: self.attributes.clone(),
            ..Textarea::default()
        }
        .render_into(out);
    }
}

/// File upload (`govukFileUpload`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct FileUpload {
    /// Id, default the name.
    pub id: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Disabled.
    pub disabled: bool,
    /// Allow several files.
    pub multiple: bool,
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
    /// Whether to wrap the input for the enhanced JavaScript version.
    pub javascript: bool,
    /// Extra classes on the JavaScript wrapper.
    pub wrapper_classes: Option<String>,
    /// Extra attributes on the JavaScript wrapper.
    pub wrapper_attributes: Attributes,
    /// Button text.
    pub choose_files_button_text: Option<String>,
    /// Text when no file is chosen.
    pub no_file_chosen_text: Option<String>,
    /// Text when several files are chosen, by plural rule.
    pub multiple_files_chosen_text: Option<Plurals>,
    /// Drop zone instruction.
    pub drop_instruction_text: Option<String>,
    /// Announcement on entering the drop zone.
    pub entered_drop_zone_text: Option<String>,
    /// Announcement on leaving the drop zone.
    pub left_drop_zone_text: Option<String>,
    /// Extra classes on the input.
    pub classes: Option<String>,
    /// Extra attributes on the input.
    pub attributes: Attributes,
}

impl Component for FileUpload {
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
        if let Some(c) = &self.form_group.before_input {
            c.render_into(out);
        }
        if self.javascript {
            out.push_str("<div class=\"");
            push_classes(out, "govuk-file-upload-wrapper", &self.wrapper_classes);
            out.push_str("\" data-module=\"govuk-file-upload\"");
            push_i18n(
                out,
                "choose-files-button",
                &self.choose_files_button_text,
                &None,
            );
            push_i18n(out, "no-file-chosen", &self.no_file_chosen_text, &None);
            push_i18n(
                out,
                "multiple-files-chosen",
                &None,
                &self.multiple_files_chosen_text,
            );
            push_i18n(out, "drop-instruction", &self.drop_instruction_text, &None);
            push_i18n(
                out,
                "entered-drop-zone",
                &self.entered_drop_zone_text,
                &None,
            );
            push_i18n(out, "left-drop-zone", &self.left_drop_zone_text, &None);
            self.wrapper_attributes.render_into(out);
            out.push('>');
        }
        out.push_str("<input class=\"");
        push_classes(out, "govuk-file-upload", &self.classes);
        if error {
            out.push_str(" govuk-file-upload--error");
        }
        out.push_str("\" id=\"");
        push_escaped(out, id.unwrap_or(""));
        out.push_str("\" name=\"");
        push_escaped(out, self.name.as_deref().unwrap_or(""));
        out.push_str("\" type=\"file\"");
        if self.disabled {
            out.push_str(" disabled");
        }
        if self.multiple {
            out.push_str(" multiple");
        }
        if !described_by.is_empty() {
            push_attr(out, "aria-describedby", &described_by);
        }
        self.attributes.render_into(out);
        out.push('>');
        if self.javascript {
            out.push_str("</div>");
        }
        if let Some(c) = &self.form_group.after_input {
            c.render_into(out);
        }
        out.push_str("</div>");
    }
}
