//! What the XML formats (`junit`, `checkstyle`) share: a quick-xml writer that indents and
//! escapes, the declaration, and text made fit for XML 1.0 — file names and code from the
//! checked tree may hold control characters that no XML document can carry, even escaped.

use std::borrow::Cow;
use std::io::{self, Write};

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

/// What a character XML 1.0 cannot hold becomes.
const REPLACEMENT: char = '\u{fffd}';

pub(super) type XmlWriter<'w> = Writer<&'w mut dyn Write>;

/// A writer that indents by two spaces, its declaration (`<?xml version="1.0"
/// encoding="UTF-8"?>`) already written.
pub(super) fn writer(out: &mut dyn Write) -> io::Result<XmlWriter<'_>> {
    let mut writer = Writer::new_with_indent(out, b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    Ok(writer)
}

/// Ends the document with a line break.
pub(super) fn finish(writer: XmlWriter<'_>) -> io::Result<()> {
    writeln!(writer.into_inner())
}

/// An attribute; quick-xml escapes the value (line breaks and tabs included, so they survive
/// attribute-value normalization).
pub(super) fn attribute<'a>(key: &'a str, value: impl Into<Cow<'a, str>>) -> Attribute<'a> {
    Attribute::from((key, fit(value.into())))
}

/// Character data, escaped by quick-xml.
pub(super) fn text(content: &str) -> BytesText<'static> {
    BytesText::new(&fit(content.into())).into_owned()
}

/// `text` with every character XML 1.0 does not allow (C0 controls other than tab, line feed
/// and carriage return; U+FFFE, U+FFFF) replaced by U+FFFD.
fn fit(text: Cow<'_, str>) -> Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | ' '..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
            || c >= '\u{10000}'
    };
    if text.chars().all(allowed) {
        return text;
    }
    Cow::Owned(
        text.chars()
            .map(|c| if allowed(c) { c } else { REPLACEMENT })
            .collect(),
    )
}

/// Reads a document back as a real XML parser would: what the renderers' tests compare.
#[cfg(test)]
pub(super) mod read {
    use std::collections::BTreeMap;

    use quick_xml::escape::resolve_predefined_entity;
    use quick_xml::events::{BytesStart, Event};
    use quick_xml::{Reader, XmlVersion};

    /// An element: its path from the root (`testsuites/testsuite`), its attributes (values
    /// unescaped and normalized) and the character data directly inside it.
    #[derive(Debug)]
    pub struct Element {
        pub path: String,
        pub attributes: BTreeMap<String, String>,
        pub text: String,
    }

    impl Element {
        pub fn get(&self, key: &str) -> &str {
            self.attributes
                .get(key)
                .unwrap_or_else(|| panic!("no `{key}` in {self:?}"))
        }
    }

    /// Every element of `document` in document order; panics on XML that is not well formed.
    pub fn elements(document: &str) -> Vec<Element> {
        let mut reader = Reader::from_str(document);
        let mut elements: Vec<Element> = Vec::new();
        let mut open: Vec<(String, usize)> = Vec::new();
        let element = |start: &BytesStart, open: &[(String, usize)]| {
            let name = start.name().as_ref().to_string();
            let path = open
                .iter()
                .map(|(name, _)| name.as_str())
                .chain([name.as_str()])
                .collect::<Vec<_>>()
                .join("/");
            let attributes = start
                .attributes()
                .map(|attribute| {
                    let attribute = attribute.unwrap();
                    let key = attribute.key.as_ref().to_string();
                    let value = attribute.normalized_value(XmlVersion::Explicit1_0).unwrap();
                    (key, value.into_owned())
                })
                .collect();
            (
                name,
                Element {
                    path,
                    attributes,
                    text: String::new(),
                },
            )
        };
        loop {
            let event = reader.read_event().unwrap();
            let current = open.last().map(|(_, at)| *at);
            match event {
                Event::Start(start) => {
                    let (name, element) = element(&start, &open);
                    open.push((name, elements.len()));
                    elements.push(element);
                }
                Event::Empty(start) => elements.push(element(&start, &open).1),
                Event::End(_) => {
                    open.pop();
                }
                Event::Text(text) => {
                    if let Some(at) = current {
                        elements[at].text += &text.xml10_content();
                    }
                }
                Event::GeneralRef(reference) => {
                    let resolved = match reference.resolve_char_ref().unwrap() {
                        Some(c) => c.to_string(),
                        None => resolve_predefined_entity(&reference).unwrap().to_string(),
                    };
                    if let Some(at) = current {
                        elements[at].text += &resolved;
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert!(open.is_empty(), "unclosed elements: {open:?}");
        elements
    }
}

#[cfg(test)]
mod tests {
    use super::read::elements;
    use super::*;

    #[test]
    fn characters_xml_cannot_hold_are_replaced() {
        assert_eq!(fit("a\tb\nc\r".into()), "a\tb\nc\r");
        assert!(matches!(fit("plain é 𐐀".into()), Cow::Borrowed(_)));
        assert_eq!(
            fit("bell\u{7}esc\u{1b}nul\u{0}\u{fffe}".into()),
            "bell\u{fffd}esc\u{fffd}nul\u{fffd}\u{fffd}"
        );
    }

    #[test]
    fn attributes_and_text_read_back_as_written() {
        let tricky = "<a href=\"x\">&amp;</a> 'q'\nline\ttab é\r\u{1}";
        let mut out = Vec::new();
        let mut xml = writer(&mut out).unwrap();
        xml.create_element("e")
            .with_attribute(attribute("v", tricky))
            .write_text_content(text(tricky))
            .unwrap();
        finish(xml).unwrap();
        let document = String::from_utf8(out).unwrap();
        assert!(document.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<e "));
        assert!(document.ends_with("</e>\n"));

        let expected = tricky.replace('\u{1}', "\u{fffd}");
        let read = elements(&document);
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].path, "e");
        assert_eq!(read[0].get("v"), expected);
        assert_eq!(read[0].text, expected);
    }
}
