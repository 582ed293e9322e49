//! Radios (`govukRadios`) and checkboxes (`govukCheckboxes`): one renderer, as
//! the two templates differ only in a few places.

use serde::Deserialize;

use crate::basic::{ErrorMessage, Fieldset, Hint, Label, Legend};
use crate::common::{
    Attributes, Component, Content, de_falsy_opt, de_opt_string, de_sparse_vec, push_classes,
    push_escaped, push_opt_attr, some,
};
use crate::input::hint_error;

/// `formGroup` of radios and checkboxes.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ChoicesFormGroup {
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
    /// Content before the items.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub before_inputs: Option<Content>,
    /// Content after the items.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub after_inputs: Option<Content>,
}

/// The fieldset around the items.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ChoicesFieldset {
    /// Legend.
    pub legend: Option<Legend>,
    /// Extra ids for `aria-describedby`.
    pub described_by: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

/// Classes and attributes for an item's label.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ItemLabel {
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

/// Content revealed when the item is chosen.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Conditional {
    /// HTML.
    #[serde(deserialize_with = "crate::common::de_falsy_string")]
    pub html: Option<String>,
}

/// A radio or checkbox.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ChoiceItem {
    /// Text.
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
    /// Value.
    #[serde(deserialize_with = "de_opt_string")]
    pub value: Option<String>,
    /// Id, default from the id prefix and position.
    pub id: Option<String>,
    /// Name (checkboxes only), default the component's name.
    pub name: Option<String>,
    /// A divider (for example "or") in place of an item.
    pub divider: Option<String>,
    /// Checked (`false` stops checking by `value`/`values`).
    pub checked: Option<bool>,
    /// Disabled.
    pub disabled: bool,
    /// `data-behaviour` (checkboxes only, for example `exclusive`).
    pub behaviour: Option<String>,
    /// Label classes and attributes.
    pub label: ItemLabel,
    /// Hint.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub hint: Option<Hint>,
    /// Conditional content.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub conditional: Option<Conditional>,
    /// Extra attributes on the input.
    pub attributes: Attributes,
}

/// Radios (`govukRadios`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Radios {
    /// Name.
    pub name: Option<String>,
    /// Id prefix, default the name.
    pub id_prefix: Option<String>,
    /// Items (`None` for a falsy item, which still counts for ids).
    #[serde(deserialize_with = "de_sparse_vec")]
    pub items: Vec<Option<ChoiceItem>>,
    /// The chosen value.
    #[serde(deserialize_with = "de_opt_string")]
    pub value: Option<String>,
    /// Fieldset.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub fieldset: Option<ChoicesFieldset>,
    /// Hint.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub hint: Option<Hint>,
    /// Error message.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub error_message: Option<ErrorMessage>,
    /// Form group.
    pub form_group: ChoicesFormGroup,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

/// Checkboxes (`govukCheckboxes`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Checkboxes {
    /// Name.
    pub name: Option<String>,
    /// Id prefix, default the name.
    pub id_prefix: Option<String>,
    /// Items (`None` for a falsy item, which still counts for ids).
    #[serde(deserialize_with = "de_sparse_vec")]
    pub items: Vec<Option<ChoiceItem>>,
    /// The checked values.
    pub values: Vec<String>,
    /// Extra ids for `aria-describedby`.
    pub described_by: Option<String>,
    /// Fieldset.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub fieldset: Option<ChoicesFieldset>,
    /// Hint.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub hint: Option<Hint>,
    /// Error message.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub error_message: Option<ErrorMessage>,
    /// Form group.
    pub form_group: ChoicesFormGroup,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

struct Choices<'a> {
    kind: &'static str,
    input_type: &'static str,
    name: &'a Option<String>,
    id_prefix: &'a Option<String>,
    items: &'a [Option<ChoiceItem>],
    is_checked: &'a dyn Fn(&ChoiceItem) -> bool,
    described_by: String,
    fieldset: &'a Option<ChoicesFieldset>,
    hint: &'a Option<Hint>,
    error_message: &'a Option<ErrorMessage>,
    form_group: &'a ChoicesFormGroup,
    classes: &'a Option<String>,
    attributes: &'a Attributes,
}

impl Choices<'_> {
    fn render_into(mut self, out: &mut String) {
        let kind = self.kind;
        let id_prefix = some(self.id_prefix)
            .or(some(self.name))
            .unwrap_or("undefined")
            .to_owned();
        out.push_str("<div class=\"govuk-form-group");
        if self.error_message.is_some() {
            out.push_str(" govuk-form-group--error");
        }
        if let Some(c) = some(&self.form_group.classes) {
            out.push(' ');
            out.push_str(c);
        }
        out.push('"');
        self.form_group.attributes.render_into(out);
        out.push('>');
        let mut inner = String::new();
        let mut described_by = std::mem::take(&mut self.described_by);
        hint_error(
            &mut inner,
            &id_prefix,
            self.hint,
            self.error_message,
            &mut described_by,
        );
        inner.push_str("<div class=\"");
        push_classes(&mut inner, &format!("govuk-{kind}"), self.classes);
        inner.push('"');
        self.attributes.render_into(&mut inner);
        inner.push_str(&format!(" data-module=\"govuk-{kind}\">"));
        if let Some(c) = &self.form_group.before_inputs {
            c.render_into(&mut inner);
        }
        for (i, item) in self.items.iter().enumerate() {
            if let Some(item) = item {
                self.item(&mut inner, item, i + 1, &id_prefix, &described_by);
            }
        }
        if let Some(c) = &self.form_group.after_inputs {
            c.render_into(&mut inner);
        }
        inner.push_str("</div>");
        if let Some(fs) = self.fieldset {
            Fieldset {
                legend: fs.legend.clone(),
                described_by: Some(described_by),
                role: None,
                html: Some(inner),
                classes: fs.classes.clone(),
                attributes: fs.attributes.clone(),
            }
            .render_into(out);
        } else {
            out.push_str(&inner);
        }
        out.push_str("</div>");
    }

    fn item(&self, out: &mut String, item: &ChoiceItem, index: usize, prefix: &str, db: &str) {
        let kind = self.kind;
        let item_id = match some(&item.id) {
            Some(id) => id.to_owned(),
            None if index > 1 => format!("{prefix}-{index}"),
            None => prefix.to_owned(),
        };
        if let Some(d) = some(&item.divider) {
            out.push_str(&format!("<div class=\"govuk-{kind}__divider\">"));
            push_escaped(out, d);
            out.push_str("</div>");
            return;
        }
        let checked = (self.is_checked)(item);
        let hint = item
            .hint
            .as_ref()
            .filter(|h| some(&h.text).is_some() || some(&h.html).is_some());
        let hint_id = format!("{item_id}-item-hint");
        let conditional = item.conditional.as_ref().and_then(|c| some(&c.html));
        let conditional_id = format!("conditional-{item_id}");
        out.push_str(&format!(
            "<div class=\"govuk-{kind}__item\"><input class=\"govuk-{kind}__input\" id=\""
        ));
        push_escaped(out, &item_id);
        out.push_str("\" name=\"");
        let name = if kind == "checkboxes" {
            some(&item.name).or(some(self.name))
        } else {
            self.name.as_deref()
        };
        push_escaped(out, name.unwrap_or(""));
        out.push_str(&format!("\" type=\"{}\" value=\"", self.input_type));
        push_escaped(out, item.value.as_deref().unwrap_or(""));
        out.push('"');
        if checked {
            out.push_str(" checked");
        }
        if item.disabled {
            out.push_str(" disabled");
        }
        if conditional.is_some() {
            out.push_str(" data-aria-controls=\"");
            push_escaped(out, &conditional_id);
            out.push('"');
        }
        let item_described_by = if kind == "checkboxes" {
            push_opt_attr(out, "data-behaviour", &item.behaviour);
            let base = if self.fieldset.is_some() { "" } else { db };
            let h = if hint.is_some() { hint_id.as_str() } else { "" };
            format!("{base} {h}").trim().to_owned()
        } else if hint.is_some() {
            hint_id.clone()
        } else {
            String::new()
        };
        if !item_described_by.is_empty() {
            out.push_str(" aria-describedby=\"");
            push_escaped(out, &item_described_by);
            out.push('"');
        }
        item.attributes.render_into(out);
        out.push('>');
        let mut label_classes = format!("govuk-{kind}__label");
        if let Some(c) = some(&item.label.classes) {
            label_classes.push(' ');
            label_classes.push_str(c);
        }
        Label {
            text: item.text.clone(),
            html: item.html.clone(),
            for_: Some(item_id.clone()),
            is_page_heading: false,
            classes: Some(label_classes),
            attributes: item.label.attributes.clone(),
        }
        .render_into(out);
        if let Some(h) = hint {
            let mut classes = format!("govuk-{kind}__hint");
            if let Some(c) = some(&h.classes) {
                classes.push(' ');
                classes.push_str(c);
            }
            Hint {
                id: Some(hint_id),
                classes: Some(classes),
                ..h.clone()
            }
            .render_into(out);
        }
        out.push_str("</div>");
        if let Some(html) = conditional {
            out.push_str(&format!("<div class=\"govuk-{kind}__conditional"));
            if !checked {
                out.push_str(&format!(" govuk-{kind}__conditional--hidden"));
            }
            out.push_str("\" id=\"");
            push_escaped(out, &conditional_id);
            out.push_str("\">");
            out.push_str(html.trim());
            out.push_str("</div>");
        }
    }
}

impl Component for Radios {
    fn render_into(&self, out: &mut String) {
        let is_checked = |item: &ChoiceItem| {
            item.checked == Some(true)
                || some(&self.value).is_some_and(|v| {
                    item.value.as_deref() == Some(v) && item.checked != Some(false)
                })
        };
        Choices {
            kind: "radios",
            input_type: "radio",
            name: &self.name,
            id_prefix: &self.id_prefix,
            items: &self.items,
            is_checked: &is_checked,
            described_by: self
                .fieldset
                .as_ref()
                .and_then(|f| some(&f.described_by))
                .unwrap_or("")
                .to_owned(),
            fieldset: &self.fieldset,
            hint: &self.hint,
            error_message: &self.error_message,
            form_group: &self.form_group,
            classes: &self.classes,
            attributes: &self.attributes,
        }
        .render_into(out);
    }
}

impl Component for Checkboxes {
    fn render_into(&self, out: &mut String) {
        let is_checked = |item: &ChoiceItem| {
            item.checked == Some(true)
                || (!self.values.is_empty()
                    && item.value.as_ref().is_some_and(|v| self.values.contains(v))
                    && item.checked != Some(false))
        };
        let described_by = self
            .fieldset
            .as_ref()
            .and_then(|f| some(&f.described_by))
            .or(some(&self.described_by))
            .unwrap_or("")
            .to_owned();
        Choices {
            kind: "checkboxes",
            input_type: "checkbox",
            name: &self.name,
            id_prefix: &self.id_prefix,
            items: &self.items,
            is_checked: &is_checked,
            described_by,
            fieldset: &self.fieldset,
            hint: &self.hint,
            error_message: &self.error_message,
            form_group: &self.form_group,
            classes: &self.classes,
            attributes: &self.attributes,
        }
        .render_into(out);
    }
}
