//! A small element tree of one XML part of a .docx, built with quick-xml.
//!
//! Names and attributes are kept by their local name (`w:p` → `p`,
//! `r:embed` → `embed`): WordprocessingML's prefixes are fixed by every
//! writer we read, and its elements never need two namespaces told apart.
//! Text is kept with entities and character references resolved. Nesting
//! deeper than [`MAX_DEPTH`] is refused rather than walked (a crafted file
//! must not exhaust the stack of the walkers in `docx`).
//!
//! Left to others: what the elements mean (`docx`).

use quick_xml::events::Event;

/// Deeper elements than this make the part unreadable: real documents nest
/// a few dozen levels (a table in a text box in a table).
pub(crate) const MAX_DEPTH: usize = 256;

#[derive(Debug, Default)]
pub(crate) struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug)]
pub(crate) enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    /// The value of the attribute with this local name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The child elements, in order.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element of this name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// `<w:x w:val="…"/>` of a property child: its `val`.
    pub fn child_val(&self, name: &str) -> Option<&str> {
        self.child(name).and_then(|e| e.attr("val"))
    }

    /// Every descendant element of this name, in document order (not
    /// looking inside one found).
    pub fn find_all<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        for e in self.elements() {
            if e.name == name {
                out.push(e);
            } else {
                e.find_all(name, out);
            }
        }
    }

    /// The first descendant element of this name.
    pub fn find(&self, name: &str) -> Option<&Element> {
        let mut found = Vec::new();
        self.find_all(name, &mut found);
        found.into_iter().next()
    }

    /// All the text below this element, concatenated.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        for n in &self.children {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.collect_text(out),
            }
        }
    }
}

fn local(name: &[u8]) -> String {
    let name = String::from_utf8_lossy(name);
    match name.rsplit_once(':') {
        Some((_, l)) => l.to_string(),
        None => name.into_owned(),
    }
}

fn start(e: &quick_xml::events::BytesStart<'_>) -> Result<Element, String> {
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let value = a.unescape_value().map_err(|e| e.to_string())?;
        attrs.push((local(a.key.as_ref()), value.into_owned()));
    }
    Ok(Element {
        name: local(e.name().as_ref()),
        attrs,
        children: Vec::new(),
    })
}

/// Parses one XML part into its root element.
pub(crate) fn parse(text: &str) -> Result<Element, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().trim_text(false);
    // The open elements; the bottom one collects the root.
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        match event {
            Event::Start(e) => {
                if stack.len() > MAX_DEPTH {
                    return Err(format!("more than {MAX_DEPTH} nested elements"));
                }
                stack.push(start(&e)?);
            }
            Event::Empty(e) => {
                let el = start(&e)?;
                if let Some(top) = stack.last_mut() {
                    top.children.push(Node::Element(el));
                }
            }
            Event::End(_) => {
                if stack.len() < 2 {
                    return Err("an end tag without its start".into());
                }
                if let Some(done) = stack.pop() {
                    if let Some(top) = stack.last_mut() {
                        top.children.push(Node::Element(done));
                    }
                }
            }
            Event::Text(t) => {
                let t = t.xml_content().map_err(|e| e.to_string())?;
                push_text(&mut stack, &t);
            }
            Event::CData(t) => {
                let t = t.decode().map_err(|e| e.to_string())?;
                push_text(&mut stack, &t);
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.decode().map_err(|e| e.to_string())?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| format!("unknown entity &{name};"))?
                            .to_string()
                    }
                };
                push_text(&mut stack, &resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err("the part ends inside an element".into());
    }
    stack
        .pop()
        .and_then(|bottom| {
            bottom.children.into_iter().find_map(|n| match n {
                Node::Element(e) => Some(e),
                Node::Text(_) => None,
            })
        })
        .ok_or_else(|| "no root element".into())
}

fn push_text(stack: &mut [Element], text: &str) {
    if let Some(top) = stack.last_mut() {
        if let Some(Node::Text(prev)) = top.children.last_mut() {
            prev.push_str(text);
        } else {
            top.children.push(Node::Text(text.to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_names_and_resolved_text() {
        let root = parse(
            r#"<?xml version="1.0"?><w:document xmlns:w="x"><w:p><w:r><w:t xml:space="preserve">A &amp; &#x4E00;</w:t></w:r></w:p><w:b w:val="0"/></w:document>"#,
        )
        .expect("parses");
        assert_eq!(root.name, "document");
        assert_eq!(root.text(), "A & 一");
        assert_eq!(root.child_val("b"), Some("0"));
        assert_eq!(
            root.find("t").and_then(|t| t.attr("space")),
            Some("preserve")
        );
    }

    #[test]
    fn broken_and_too_deep_parts_are_errors_not_panics() {
        assert!(parse("<a><b></a>").is_err());
        assert!(parse("<a>").is_err());
        assert!(parse("").is_err());
        assert!(parse("<a>&nope;</a>").is_err());
        let deep = "<a>".repeat(MAX_DEPTH + 2) + &"</a>".repeat(MAX_DEPTH + 2);
        assert!(parse(&deep).is_err());
        let fine = "<a>".repeat(MAX_DEPTH) + &"</a>".repeat(MAX_DEPTH);
        assert!(parse(&fine).is_ok());
    }
}
