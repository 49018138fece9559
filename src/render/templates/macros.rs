//! Macros that call themselves. Tera 1 follows macro calls without a depth
//! limit, so a macro that calls itself forever overflows the stack and aborts
//! the process. Two defences, both on the parsed templates (`tera::ast`):
//!
//! - [`recursion_without_end`] refuses, when templates are loaded, a cycle of
//!   macro calls none of which sits inside an `if` or a `for`: nothing can
//!   stop it, so it is an error at the line of the call.
//! - [`limit_depth`] gives the macros that can recur ([`recurring`]) a
//!   hidden depth argument, passes it on (plus one) at every call of them,
//!   and makes one called deeper than [`MAX_DEPTH`] stop with an error
//!   instead of growing the stack.
//!   A nested menu a few levels deep is far below the limit; the render
//!   threads' stack ([`RENDER_STACK`]) holds [`MAX_DEPTH`] levels with room
//!   to spare.

use crate::diagnostics::line_of_offset;
use std::collections::{BTreeMap, HashMap, HashSet};
use tera::ast::{
    Expr, ExprVal, FunctionCall, If, LogicExpr, LogicOperator, MacroCall, MathExpr, MathOperator,
    Node, WS,
};
use tera::Tera;

/// How deep macros may call each other (or themselves) before rendering stops.
pub const MAX_DEPTH: i64 = 200;
/// The stack of the threads that render (bytes). [`MAX_DEPTH`] levels of
/// macros take under 2 MiB in a release build and under 8 MiB in a debug
/// build (rayon's default is 2 MiB); only the pages used are memory.
pub const RENDER_STACK: usize = 32 << 20;
/// The hidden argument carrying the depth; no template can name it by mistake.
const DEPTH_ARG: &str = "__gongkai_macro_depth";
/// The function a too-deep macro calls; it fails with [`TOO_DEEP_MARK`].
pub const TOO_DEEP_FN: &str = "__gongkai_macro_too_deep";
/// Starts the error of [`TOO_DEEP_FN`]: `mark template\u{1}macro`.
pub const TOO_DEEP_MARK: &str = "gongkai: macro too deep: ";

/// A macro: (template it is defined in, its name).
pub type MacroId = (String, String);

/// An endless cycle: the macros in order (the first again at the end), and
/// the template and line of the call that closes it.
#[derive(Debug, PartialEq)]
pub struct Endless {
    pub cycle: Vec<MacroId>,
    pub template: String,
    pub line: Option<usize>,
}

/// A cycle of macro calls that are all unconditional, if there is one.
pub fn recursion_without_end(tera: &Tera, sources: &HashMap<String, String>) -> Option<Endless> {
    let namespaces_of = all_namespaces(tera);
    let mut edges: BTreeMap<MacroId, Vec<(MacroId, String)>> = BTreeMap::new();
    let mut names: Vec<&String> = tera.templates.keys().collect();
    names.sort();
    for tpl in names {
        let namespaces = &namespaces_of[tpl];
        let mut defined: Vec<_> = tera.templates[tpl].macros.iter().collect();
        defined.sort_by_key(|(name, _)| name.as_str());
        for (name, def) in defined {
            let mut targets = vec![];
            each_call(&mut def.body.clone(), false, &mut |call, guarded| {
                if let Some(callee) = resolve(tera, namespaces, call).filter(|_| !guarded) {
                    targets.push((callee, format!("{}::{}", call.namespace, call.name)));
                }
            });
            edges.insert((tpl.clone(), name.clone()), targets);
        }
    }
    // Depth-first, without recursion: (macro, index of its next call).
    let mut done: HashSet<&MacroId> = HashSet::new();
    for start in edges.keys() {
        let mut path: Vec<(&MacroId, usize)> = vec![(start, 0)];
        while let Some(&(caller, next)) = path.last() {
            let Some((callee, written)) = edges.get(caller).and_then(|e| e.get(next)) else {
                done.insert(caller);
                path.pop();
                continue;
            };
            if let Some(last) = path.last_mut() {
                last.1 += 1;
            }
            let Some((callee, _)) = edges.get_key_value(callee) else {
                continue;
            };
            if let Some(at) = path.iter().position(|(m, _)| *m == callee) {
                let mut cycle: Vec<MacroId> =
                    path[at..].iter().map(|(m, _)| (*m).clone()).collect();
                cycle.push(callee.clone());
                let line = sources
                    .get(&caller.0)
                    .and_then(|source| call_line(source, &caller.1, written));
                return Some(Endless {
                    cycle,
                    template: caller.0.clone(),
                    line,
                });
            }
            if !done.contains(callee) {
                path.push((callee, 0));
            }
        }
    }
    None
}

/// What can call what: a macro or a template (which an `{% include %}`
/// renders where it stands, and whose calls then happen there).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Caller {
    Macro(MacroId),
    Template(String),
}

/// The macros that can take part in unbounded recursion: those in a cycle of
/// calls (through includes too), and every macro such a macro can reach.
/// Any other chain of calls never repeats a macro, so it ends by itself:
/// the depth limit is left off them, as it costs on every call (3% of a
/// build when every macro had it).
pub fn recurring(tera: &Tera) -> HashSet<MacroId> {
    let namespaces_of = all_namespaces(tera);
    let mut edges: HashMap<Caller, Vec<Caller>> = HashMap::new();
    for (tpl, template) in &tera.templates {
        let namespaces = &namespaces_of[tpl];
        let callees = |nodes: &[Node]| {
            let mut found = vec![];
            each_call(&mut nodes.to_vec(), false, &mut |call, _| {
                if let Some(id) = resolve(tera, namespaces, call) {
                    found.push(Caller::Macro(id));
                }
            });
            each_include(nodes, &mut |names| {
                found.extend(names.iter().cloned().map(Caller::Template));
            });
            found
        };
        let mut of_template = callees(&template.ast);
        for block in template.blocks.values() {
            of_template.extend(callees(&block.body));
        }
        of_template.extend(template.parents.iter().cloned().map(Caller::Template));
        edges.insert(Caller::Template(tpl.clone()), of_template);
        for (name, def) in &template.macros {
            let id = Caller::Macro((tpl.clone(), name.clone()));
            edges.insert(id, callees(&def.body));
        }
    }
    let reach = |from: &Caller| -> HashSet<Caller> {
        let mut seen = HashSet::new();
        let mut todo: Vec<&Caller> = edges.get(from).into_iter().flatten().collect();
        while let Some(next) = todo.pop() {
            if seen.insert(next.clone()) {
                todo.extend(edges.get(next).into_iter().flatten());
            }
        }
        seen
    };
    let mut out = HashSet::new();
    for caller in edges.keys() {
        if let Caller::Macro(id) = caller {
            let reached = reach(caller);
            if reached.contains(caller) {
                out.insert(id.clone());
                out.extend(reached.into_iter().filter_map(|c| match c {
                    Caller::Macro(m) => Some(m),
                    Caller::Template(_) => None,
                }));
            }
        }
    }
    out
}

/// The macro a call names, seen from a template with these namespaces.
fn resolve(tera: &Tera, namespaces: &HashMap<String, String>, call: &MacroCall) -> Option<MacroId> {
    let tpl = namespaces.get(&call.namespace)?;
    let defined = tera.templates.get(tpl)?.macros.contains_key(&call.name);
    defined.then(|| (tpl.clone(), call.name.clone()))
}

/// Calls `f` with the names of every `{% include %}` in `nodes`.
fn each_include(nodes: &[Node], f: &mut dyn FnMut(&[String])) {
    for node in nodes {
        match node {
            Node::Include(_, names, _) => f(names),
            Node::Block(_, block, _) => each_include(&block.body, f),
            Node::FilterSection(_, section, _) => each_include(&section.body, f),
            Node::Forloop(_, for_loop, _) => {
                each_include(&for_loop.body, f);
                if let Some(empty) = &for_loop.empty_body {
                    each_include(empty, f);
                }
            }
            Node::If(if_node, _) => {
                for (_, _, body) in &if_node.conditions {
                    each_include(body, f);
                }
                if let Some((_, body)) = &if_node.otherwise {
                    each_include(body, f);
                }
            }
            _ => {}
        }
    }
}

/// [`namespaces`] of every template, by template name.
fn all_namespaces(tera: &Tera) -> HashMap<String, HashMap<String, String>> {
    let mut memo = HashMap::new();
    tera.templates
        .keys()
        .map(|t| {
            (
                t.clone(),
                namespaces(tera, t, &mut memo, &mut HashSet::new()),
            )
        })
        .collect()
}

/// Namespace → template, the way Tera looks macros up from `template`: `self`,
/// its imports (and theirs), then its parents'.
fn namespaces(
    tera: &Tera,
    template: &str,
    memo: &mut HashMap<String, HashMap<String, String>>,
    visiting: &mut HashSet<String>,
) -> HashMap<String, String> {
    if let Some(known) = memo.get(template) {
        return known.clone();
    }
    let mut map = HashMap::new();
    let Some(tpl) = tera.templates.get(template) else {
        return map;
    };
    if !visiting.insert(template.to_string()) {
        return map;
    }
    if !tpl.macros.is_empty() {
        map.insert("self".to_string(), template.to_string());
    }
    for (file, namespace) in &tpl.imported_macro_files {
        map.insert(namespace.clone(), file.clone());
        for (ns, t) in namespaces(tera, file, memo, visiting) {
            map.entry(ns).or_insert(t);
        }
    }
    for parent in &tpl.parents {
        for (ns, t) in namespaces(tera, parent, memo, visiting) {
            map.entry(ns).or_insert(t);
        }
    }
    visiting.remove(template);
    memo.insert(template.to_string(), map.clone());
    map
}

/// The offset of `{% macro name(` in `source`.
fn definition(source: &str, name: &str) -> Option<usize> {
    let mut rest = source;
    while let Some(start) = rest.find("{%") {
        let at = source.len() - rest.len() + start;
        let tag = rest[start + 2..].trim_start_matches(|c: char| c == '-' || c.is_whitespace());
        if let Some(def) = tag.strip_prefix("macro") {
            if def.split('(').next().map(str::trim) == Some(name) {
                return Some(at);
            }
        }
        rest = &rest[start + 2..];
    }
    None
}

/// The line where the macro `name` is defined in `source`.
pub fn definition_line(source: &str, name: &str) -> Option<usize> {
    definition(source, name).map(|at| line_of_offset(source, at))
}

/// The line of `written` (`self::menu`) inside the macro `name` of `source`,
/// else the line of the macro's definition.
fn call_line(source: &str, name: &str, written: &str) -> Option<usize> {
    let at = definition(source, name)?;
    let call = source[at..].find(written).map(|p| at + p);
    Some(line_of_offset(source, call.unwrap_or(at)))
}

/// Calls `f` on every macro call in `nodes` (after the calls in its
/// arguments), with whether it is guarded: inside an `if` or `for` (or after
/// `and`/`or`), so that it may not happen.
fn each_call(nodes: &mut [Node], guarded: bool, f: &mut dyn FnMut(&mut MacroCall, bool)) {
    for node in nodes {
        match node {
            Node::VariableBlock(_, e) => expr_calls(e, guarded, f),
            Node::Set(_, set) => expr_calls(&mut set.value, guarded, f),
            Node::FilterSection(_, section, _) => {
                for e in section.filter.args.values_mut() {
                    expr_calls(e, guarded, f);
                }
                each_call(&mut section.body, guarded, f);
            }
            Node::Block(_, block, _) => each_call(&mut block.body, guarded, f),
            Node::Forloop(_, for_loop, _) => {
                expr_calls(&mut for_loop.container, guarded, f);
                each_call(&mut for_loop.body, true, f);
                if let Some(empty) = &mut for_loop.empty_body {
                    each_call(empty, true, f);
                }
            }
            Node::If(if_node, _) => {
                for (i, (_, condition, body)) in if_node.conditions.iter_mut().enumerate() {
                    // Only the first condition is always evaluated.
                    expr_calls(condition, guarded || i > 0, f);
                    each_call(body, true, f);
                }
                if let Some((_, body)) = &mut if_node.otherwise {
                    each_call(body, true, f);
                }
            }
            _ => {}
        }
    }
}

fn expr_calls(expr: &mut Expr, guarded: bool, f: &mut dyn FnMut(&mut MacroCall, bool)) {
    val_calls(&mut expr.val, guarded, f);
    for filter in &mut expr.filters {
        for e in filter.args.values_mut() {
            expr_calls(e, guarded, f);
        }
    }
}

fn val_calls(val: &mut ExprVal, guarded: bool, f: &mut dyn FnMut(&mut MacroCall, bool)) {
    match val {
        ExprVal::MacroCall(call) => {
            for e in call.args.values_mut() {
                expr_calls(e, guarded, f);
            }
            f(call, guarded);
        }
        ExprVal::FunctionCall(call) => {
            for e in call.args.values_mut() {
                expr_calls(e, guarded, f);
            }
        }
        ExprVal::Math(m) => {
            expr_calls(&mut m.lhs, guarded, f);
            expr_calls(&mut m.rhs, guarded, f);
        }
        ExprVal::Logic(l) => {
            expr_calls(&mut l.lhs, guarded, f);
            let short_circuit = matches!(l.operator, LogicOperator::And | LogicOperator::Or);
            expr_calls(&mut l.rhs, guarded || short_circuit, f);
        }
        ExprVal::Test(t) => t.args.iter_mut().for_each(|e| expr_calls(e, guarded, f)),
        ExprVal::Array(items) => items.iter_mut().for_each(|e| expr_calls(e, guarded, f)),
        ExprVal::StringConcat(c) => c.values.iter_mut().for_each(|v| val_calls(v, guarded, f)),
        ExprVal::In(i) => {
            expr_calls(&mut i.lhs, guarded, f);
            expr_calls(&mut i.rhs, guarded, f);
        }
        _ => {}
    }
}

/// Rewrites every [`recurring`] macro so that calling it deeper than
/// [`MAX_DEPTH`] fails with [`TOO_DEEP_FN`]; registers that function.
///
/// Every call of such a macro, in macros and out of them, passes the depth
/// plus one: a template included by a macro sees the macro's depth (Tera
/// looks variables up through include frames), so recursion through
/// `{% include %}` is counted too; out of any macro the depth is not
/// defined, and the macro called gets 0.
pub fn limit_depth(tera: &mut Tera) {
    let recurring = recurring(tera);
    let namespaces_of = all_namespaces(tera);
    let empty = HashMap::new();
    for (tpl, template) in tera.templates.iter_mut() {
        let namespaces = namespaces_of.get(tpl).unwrap_or(&empty);
        let mut pass_depth = |call: &mut MacroCall, _| {
            let target = namespaces.get(&call.namespace);
            if target.is_none_or(|t| !recurring.contains(&(t.clone(), call.name.clone()))) {
                return;
            }
            let mut depth = expr(ExprVal::Ident(DEPTH_ARG.to_string()));
            depth.filters.push(FunctionCall {
                name: "default".to_string(),
                args: HashMap::from([("value".to_string(), expr(ExprVal::Int(-1)))]),
            });
            call.args.insert(
                DEPTH_ARG.to_string(),
                expr(ExprVal::Math(MathExpr {
                    lhs: Box::new(depth),
                    rhs: Box::new(expr(ExprVal::Int(1))),
                    operator: MathOperator::Add,
                })),
            );
        };
        each_call(&mut template.ast, false, &mut pass_depth);
        for block in template.blocks.values_mut() {
            each_call(&mut block.body, false, &mut pass_depth);
        }
        for (_, block) in template.blocks_definitions.values_mut().flatten() {
            each_call(&mut block.body, false, &mut pass_depth);
        }
        for (name, def) in template.macros.iter_mut() {
            each_call(&mut def.body, false, &mut pass_depth);
            if !recurring.contains(&(tpl.clone(), name.clone())) {
                continue;
            }
            def.args
                .insert(DEPTH_ARG.to_string(), Some(expr(ExprVal::Int(0))));
            let too_deep = If {
                conditions: vec![(
                    WS::default(),
                    expr(ExprVal::Logic(LogicExpr {
                        lhs: Box::new(expr(ExprVal::Ident(DEPTH_ARG.to_string()))),
                        rhs: Box::new(expr(ExprVal::Int(MAX_DEPTH))),
                        operator: LogicOperator::Gte,
                    })),
                    vec![Node::VariableBlock(
                        WS::default(),
                        expr(ExprVal::FunctionCall(FunctionCall {
                            name: TOO_DEEP_FN.to_string(),
                            args: HashMap::from([
                                ("template".to_string(), expr(ExprVal::String(tpl.clone()))),
                                ("name".to_string(), expr(ExprVal::String(name.clone()))),
                            ]),
                        })),
                    )],
                )],
                otherwise: None,
            };
            def.body.insert(0, Node::If(too_deep, WS::default()));
        }
    }
    tera.register_function(TOO_DEEP_FN, |args: &HashMap<String, tera::Value>| {
        let get = |key: &str| args.get(key).and_then(|v| v.as_str()).unwrap_or("?");
        Err::<tera::Value, _>(tera::Error::msg(format!(
            "{TOO_DEEP_MARK}{}\u{1}{}",
            get("template"),
            get("name")
        )))
    });
}

/// `(template, macro)` of a [`TOO_DEEP_FN`] error found in an error's text.
pub fn too_deep(detail: &str) -> Option<(&str, &str)> {
    let rest = &detail[detail.find(TOO_DEEP_MARK)? + TOO_DEEP_MARK.len()..];
    let (template, rest) = rest.split_once('\u{1}')?;
    let name = rest
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()?;
    Some((template, name))
}

fn expr(val: ExprVal) -> Expr {
    Expr {
        val,
        negated: false,
        filters: vec![],
    }
}

/// Makes rayon's global pool (which renders the pages) with [`RENDER_STACK`]
/// threads, if nothing has made it yet.
pub fn init_render_threads() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // Fails only when the pool already exists; then its threads are used.
        let _ = rayon::ThreadPoolBuilder::new()
            .stack_size(RENDER_STACK)
            .build_global();
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(templates: &[(&str, &str)]) -> (Tera, HashMap<String, String>) {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.to_vec()).expect("parses");
        let sources = templates
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        (tera, sources)
    }

    fn id(tpl: &str, name: &str) -> MacroId {
        (tpl.to_string(), name.to_string())
    }

    #[test]
    fn unconditional_self_call_is_endless_at_its_line() {
        let (t, s) = tera(&[(
            "m.html",
            "{% macro loop(n) %}\nx\n{{ self::loop(n=n) }}\n{% endmacro %}",
        )]);
        let found = recursion_without_end(&t, &s).expect("endless");
        assert_eq!(
            found.cycle,
            vec![id("m.html", "loop"), id("m.html", "loop")]
        );
        assert_eq!((found.template.as_str(), found.line), ("m.html", Some(3)));
    }

    #[test]
    fn cycle_through_an_imported_namespace_is_found() {
        let (t, s) = tera(&[
            (
                "a.html",
                "{% import \"b.html\" as b %}{% macro ping() %}{{ b::pong() }}{% endmacro %}",
            ),
            (
                "b.html",
                "{% import \"a.html\" as a %}{% macro pong() %}\n\n{% set x = a::ping() %}{% endmacro %}",
            ),
        ]);
        let found = recursion_without_end(&t, &s).expect("endless");
        assert_eq!(found.cycle.len(), 3);
        assert!(found.cycle.contains(&id("b.html", "pong")));
    }

    #[test]
    fn guarded_recursion_is_allowed() {
        let (t, s) = tera(&[(
            "menu.html",
            "{% macro menu(items) %}{% for i in items %}{{ self::menu(items=i.children) }}{% endfor %}{% endmacro %}\
             {% macro count(n) %}{% if n > 0 %}{{ self::count(n=n-1) }}{% endif %}{% endmacro %}\
             {% macro other(n) %}{{ n > 0 and self::other(n=n-1) }}{% endmacro %}",
        )]);
        assert_eq!(recursion_without_end(&t, &s), None);
    }

    #[test]
    fn only_macros_that_can_recur_get_the_limit() {
        let (mut t, _) = tera(&[
            (
                "m.html",
                "{% macro menu(items) %}{% for i in items %}{{ self::item(i=i) }}{{ self::menu(items=i.children) }}{% endfor %}{% endmacro %}\
                 {% macro item(i) %}{{ i.title }}{% endmacro %}\
                 {% macro date(d) %}{{ d }}{% endmacro %}\
                 {% macro card(p) %}{{ self::date(d=p.date) }}{% endmacro %}\
                 {% macro tree(n) %}{% if n %}{% include \"t.html\" %}{% endif %}{% endmacro %}",
            ),
            ("t.html", "{% import \"m.html\" as m %}{{ m::tree(n=n.child) }}"),
            ("page.html", "{% import \"m.html\" as m %}{{ m::card(p=p) }}{{ m::menu(items=x) }}"),
        ]);
        let found = recurring(&t);
        let expected: HashSet<MacroId> = [
            id("m.html", "menu"),
            id("m.html", "item"),
            id("m.html", "tree"),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            found, expected,
            "menu calls itself and item; tree through t.html"
        );
        limit_depth(&mut t);
        let has_limit = |name: &str| {
            t.templates["m.html"].macros[name]
                .args
                .contains_key(DEPTH_ARG)
        };
        assert!(has_limit("menu") && has_limit("item") && has_limit("tree"));
        assert!(!has_limit("date") && !has_limit("card"));
        let mut ctx = tera::Context::new();
        ctx.insert("p", &serde_json::json!({"date": "2026-09-08"}));
        ctx.insert(
            "x",
            &serde_json::json!([{"title": "a", "children": [{"title": "b", "children": []}]}]),
        );
        assert_eq!(
            t.render("page.html", &ctx).expect("renders"),
            "2026-09-08ab"
        );
    }

    fn render_depth(depth: i64) -> Result<String, String> {
        let (mut t, _) = tera(&[(
            "c.html",
            "{% macro count(n) %}{% if n > 0 %}{{ self::count(n=n-1) }}{% else %}end{% endif %}{% endmacro %}\
             {{ self::count(n=depth) }}",
        )]);
        limit_depth(&mut t);
        let mut ctx = tera::Context::new();
        ctx.insert("depth", &depth);
        t.render("c.html", &ctx).map_err(|e| {
            let mut all = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                all.push_str(&s.to_string());
                source = s.source();
            }
            all
        })
    }

    #[test]
    fn recursion_through_an_include_stops_at_the_limit() {
        let (mut t, _) = tera(&[
            (
                "a.html",
                "{% macro m() %}<i>{% include \"x.html\" %}</i>{% endmacro %}",
            ),
            ("x.html", "{% import \"a.html\" as a %}{{ a::m() }}"),
        ]);
        limit_depth(&mut t);
        let err = std::thread::Builder::new()
            .stack_size(RENDER_STACK)
            .spawn(move || t.render("x.html", &tera::Context::new()))
            .expect("thread")
            .join()
            .expect("no stack overflow")
            .expect_err("too deep");
        let mut all = err.to_string();
        let mut source = std::error::Error::source(&err);
        while let Some(s) = source {
            all.push_str(&s.to_string());
            source = s.source();
        }
        assert_eq!(too_deep(&all), Some(("a.html", "m")), "{all}");
    }

    #[test]
    fn deep_recursion_stops_at_the_limit_with_a_named_error() {
        let on_big_stack = |depth| {
            std::thread::Builder::new()
                .stack_size(RENDER_STACK)
                .spawn(move || render_depth(depth))
                .expect("thread")
                .join()
                .expect("no panic")
        };
        assert_eq!(on_big_stack(MAX_DEPTH - 1).as_deref(), Ok("end"));
        let err = on_big_stack(1_000_000).expect_err("too deep");
        assert_eq!(too_deep(&err), Some(("c.html", "count")));
    }
}
