//! A picture of the lineage: Graphviz DOT, and a standalone SVG rendered in Rust.
//!
//! Both are drawn from the same [`Picture`]: one node per model, dataset and grant of the
//! document, and one typed, labelled edge per relation. Edges point from what was derived
//! to what it was derived from, and the picture is laid out bottom to top: the datasets and
//! the oldest ancestors at the top, the root model at the bottom.
//!
//! | edge | from → to | label |
//! | --- | --- | --- |
//! | a model's parent | model → model | `derivedFrom (FineTune)` |
//! | a run's input | model → dataset | `trainedOn (Train)` and `under grant 10` |
//! | a grant's dataset | grant → dataset | `grantOn` |
//! | a dataset's parent | dataset → dataset | `derivedFrom (Subset)` |
//! | a dataset's derivation basis | dataset → grant | `derivedUnder` |
//!
//! The grant a run used a dataset under is named on the `trainedOn` edge rather than drawn
//! as a third edge, which keeps a run with many inputs readable; the edge is red and dashed
//! when that grant is revoked. Styles: tainted elements are filled orange, revoked grants are
//! red and dashed, withdrawn models grey and dashed, disputed elements have a purple border,
//! and the root has a double, bold border. Every element carries its marks as classes
//! (`class="node model root tainted"`), and the DOT and the SVG both hold a legend.
//!
//! The SVG is laid out by `layout-rs` (a pure-Rust Sugiyama layout) and drawn here, so that
//! shapes, colours, classes and `<title>` tooltips are ours.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};

use layout::core::base::Orientation;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::{Point, Position};
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

use crate::{Lineage, Marks};

/// User text (names, versions) longer than this is cut in the picture; tooltips keep it whole.
const MAX_LABEL_CHARS: usize = 36;

/// The room left around a node, across and along the layout's rows.
const NODE_GAP: Pt = Pt { x: 20.0, y: 48.0 };

/// Pictures with more nodes and edges than this are laid out without crossing reduction.
const MAX_OPTIMISED: usize = 300;

/// The font every node label is drawn in, and its size in pixels.
const FONT: &str = "Helvetica, Arial, sans-serif";
const NODE_FONT_PX: f64 = 13.0;
const LABEL_FONT_PX: f64 = 11.0;
/// How far below the middle of a line of text its baseline lies, in ems: set explicitly, as
/// renderers differ on `dominant-baseline`.
const BASELINE: f64 = 0.35;
/// A generous average glyph width, in ems, so that labels fit their boxes in any sans font.
const GLYPH_EM: f64 = 0.62;

/// Escapes text for a DOT double-quoted string: `"` and `\` are escaped, so that a name can
/// neither close the string nor form an escape sequence (`\N`, `\G`, `\l`, ...), and control
/// characters (newlines among them) become spaces.
pub fn escape(text: &str) -> String {
	let mut out = String::with_capacity(text.len());
	for c in text.chars() {
		match c {
			'"' => out.push_str("\\\""),
			'\\' => out.push_str("\\\\"),
			c if c.is_control() => out.push(' '),
			c => out.push(c),
		}
	}
	out
}

/// Escapes text for XML character data and attribute values, and replaces the characters
/// XML 1.0 does not allow (control characters, U+FFFE, U+FFFF).
pub fn xml_escape(text: &str) -> String {
	let mut out = String::with_capacity(text.len());
	for c in text.chars() {
		match c {
			'&' => out.push_str("&amp;"),
			'<' => out.push_str("&lt;"),
			'>' => out.push_str("&gt;"),
			'"' => out.push_str("&quot;"),
			'\'' => out.push_str("&apos;"),
			'\t' | '\n' | '\r' => out.push(' '),
			c if c.is_control() => out.push(' '),
			'\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
			c => out.push(c),
		}
	}
	out
}

/// Cuts user text to [`MAX_LABEL_CHARS`] characters, with an ellipsis when cut.
fn clip(text: &str) -> String {
	if text.chars().count() <= MAX_LABEL_CHARS {
		return text.to_owned();
	}
	let mut out: String = text.chars().take(MAX_LABEL_CHARS.saturating_sub(1)).collect();
	out.push('…');
	out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
	Model,
	Dataset,
	Grant,
}

impl Kind {
	fn name(self) -> &'static str {
		match self {
			Kind::Model => "model",
			Kind::Dataset => "dataset",
			Kind::Grant => "grant",
		}
	}
}

/// One element of the picture.
#[derive(Debug)]
struct Node {
	kind: Kind,
	/// `model_2`: the DOT node id and the SVG element id.
	key: String,
	/// Unescaped label lines: `model 2`, `adapter 1.0`, then the marks in words.
	lines: Vec<String>,
	/// Unescaped tooltip.
	title: String,
	marks: Marks,
	root: bool,
	/// Referenced by the document but not part of it (beyond the depth it was read to).
	missing: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rel {
	ModelDerivedFrom,
	TrainedOn,
	GrantOn,
	DatasetDerivedFrom,
	DerivedUnder,
}

impl Rel {
	/// The relation's name, as edge labels and classes spell it.
	fn name(self) -> &'static str {
		match self {
			Rel::ModelDerivedFrom | Rel::DatasetDerivedFrom => "derivedFrom",
			Rel::TrainedOn => "trainedOn",
			Rel::GrantOn => "grantOn",
			Rel::DerivedUnder => "derivedUnder",
		}
	}
}

/// One relation, from the derived element to what it derives from.
#[derive(Debug)]
struct Edge {
	from: usize,
	to: usize,
	rel: Rel,
	/// Unescaped label lines.
	lines: Vec<String>,
	/// The edge stands on a revoked grant.
	revoked: bool,
}

/// How an element or an edge is drawn; the DOT and the SVG share it.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Look {
	fill: &'static str,
	stroke: &'static str,
	text: &'static str,
	width: f64,
	dash: Option<&'static str>,
}

mod colour {
	pub const MODEL_FILL: &str = "#dbeafe";
	pub const MODEL: &str = "#1e3a8a";
	pub const DATASET_FILL: &str = "#dcfce7";
	pub const DATASET: &str = "#166534";
	pub const GRANT_FILL: &str = "#fef9c3";
	pub const GRANT: &str = "#854d0e";
	pub const TAINTED_FILL: &str = "#fdba74";
	pub const REVOKED_FILL: &str = "#fecaca";
	pub const REVOKED: &str = "#dc2626";
	pub const REVOKED_TEXT: &str = "#991b1b";
	pub const WITHDRAWN_FILL: &str = "#e5e7eb";
	pub const WITHDRAWN: &str = "#6b7280";
	pub const WITHDRAWN_TEXT: &str = "#4b5563";
	pub const DISPUTED: &str = "#9333ea";
	pub const TEXT: &str = "#111827";
	pub const TRAINED_ON: &str = "#15803d";
	pub const DATASET_DERIVED: &str = "#0f766e";
	pub const CONSENT: &str = "#a16207";
}

const DASHED: &str = "6,4";
const DOTTED: &str = "2,3";

impl Node {
	fn look(&self) -> Look {
		let (fill, stroke) = match self.kind {
			Kind::Model => (colour::MODEL_FILL, colour::MODEL),
			Kind::Dataset => (colour::DATASET_FILL, colour::DATASET),
			Kind::Grant => (colour::GRANT_FILL, colour::GRANT),
		};
		let m = self.marks;
		let fill = if m.tainted {
			colour::TAINTED_FILL
		} else if m.revoked {
			colour::REVOKED_FILL
		} else if m.withdrawn || self.missing {
			colour::WITHDRAWN_FILL
		} else {
			fill
		};
		let stroke = if m.disputed {
			colour::DISPUTED
		} else if m.revoked {
			colour::REVOKED
		} else if m.withdrawn || self.missing {
			colour::WITHDRAWN
		} else {
			stroke
		};
		let text = if m.revoked {
			colour::REVOKED_TEXT
		} else if m.withdrawn || self.missing {
			colour::WITHDRAWN_TEXT
		} else {
			colour::TEXT
		};
		let width = if m.disputed {
			3.0
		} else if self.root {
			2.5
		} else {
			1.5
		};
		let dash = if m.revoked || m.withdrawn {
			Some(DASHED)
		} else if self.missing {
			Some(DOTTED)
		} else {
			None
		};
		Look { fill, stroke, text, width, dash }
	}

	/// `node model root tainted`: the kind, then each mark.
	fn class(&self) -> String {
		let mut class = format!("node {}", self.kind.name());
		for (on, name) in [
			(self.root, "root"),
			(self.marks.tainted, "tainted"),
			(self.marks.revoked, "revoked"),
			(self.marks.withdrawn, "withdrawn"),
			(self.marks.disputed, "disputed"),
			(self.missing, "missing"),
		] {
			if on {
				class.push(' ');
				class.push_str(name);
			}
		}
		class
	}
}

impl Edge {
	fn look(&self) -> Look {
		let (stroke, width, dash) = if self.revoked {
			(colour::REVOKED, 2.0, Some(DASHED))
		} else {
			match self.rel {
				Rel::ModelDerivedFrom => (colour::MODEL, 2.0, None),
				Rel::TrainedOn => (colour::TRAINED_ON, 1.5, None),
				Rel::DatasetDerivedFrom => (colour::DATASET_DERIVED, 1.5, None),
				Rel::GrantOn | Rel::DerivedUnder => (colour::CONSENT, 1.5, Some(DOTTED)),
			}
		};
		Look { fill: "none", stroke, text: stroke, width, dash }
	}

	fn class(&self) -> String {
		let mut class = format!("edge {}", self.rel.name());
		if self.revoked {
			class.push_str(" revoked");
		}
		class
	}
}

/// The elements and relations of a lineage, in a stable order.
#[derive(Debug, Default)]
struct Picture {
	nodes: Vec<Node>,
	edges: Vec<Edge>,
	index: BTreeMap<(Kind, u64), usize>,
}

fn flags(words: &[(bool, &str)]) -> Option<String> {
	let on: Vec<&str> = words.iter().filter(|(on, _)| *on).map(|(_, w)| *w).collect();
	(!on.is_empty()).then(|| on.join(", "))
}

impl Picture {
	fn new(l: &Lineage) -> Self {
		let mut p = Picture::default();
		for (id, m) in &l.models {
			let marks = l.model_marks(*id);
			let root = *id == l.root;
			let mut lines = vec![format!("model {id}"), clip(&format!("{} {}", m.name, m.version))];
			lines.extend(flags(&[
				(root, "root"),
				(marks.tainted, "tainted"),
				(marks.withdrawn, "withdrawn"),
				(marks.disputed, "disputed"),
			]));
			let title = format!(
				"model {id}: {} {} (owner {}, license {}, policy {}, status {}; {} run by {} at #{})",
				m.name,
				m.version,
				m.owner,
				m.license,
				m.policy,
				m.status,
				m.run.kind,
				m.run.trainer,
				m.run.at
			);
			p.push(Kind::Model, *id, lines, title, marks, root);
		}
		for (id, d) in &l.datasets {
			let marks = l.dataset_marks(*id);
			let mut lines = vec![format!("dataset {id}")];
			lines.extend(flags(&[(marks.tainted, "tainted"), (marks.disputed, "disputed")]));
			let title =
				format!("dataset {id}: {} (owner {}, license {})", d.uri, d.owner, d.license);
			p.push(Kind::Dataset, *id, lines, title, marks, false);
		}
		for (id, g) in &l.grants {
			let marks = l.grant_marks(*id);
			let mut lines = vec![format!("grant {id}")];
			lines.extend(g.revoked_at.map(|at| format!("revoked at #{at}")));
			lines.extend(flags(&[(marks.disputed, "dataset disputed")]));
			let grantee = g.grantee.as_deref().unwrap_or("anyone");
			let mut title = format!(
				"grant {id}: on dataset {}, {} to {grantee} for {}, granted at #{}",
				g.dataset,
				g.grantor,
				g.purposes.join(", "),
				g.granted_at
			);
			if let Some(at) = g.revoked_at {
				let _ = write!(title, ", revoked at #{at} ({})", g.on_revoke);
			}
			if let Some(at) = g.expires_at {
				let _ = write!(title, ", expires at #{at}");
			}
			p.push(Kind::Grant, *id, lines, title, marks, false);
		}

		let revoked = l.revoked_grants();
		for (id, m) in &l.models {
			let from = p.node(Kind::Model, *id);
			for parent in &m.run.parents {
				let to = p.node(Kind::Model, parent.model);
				let label = format!("derivedFrom ({})", clip(&parent.kind));
				p.edge(from, to, Rel::ModelDerivedFrom, vec![label], false);
			}
			for input in &m.run.inputs {
				let to = p.node(Kind::Dataset, input.dataset);
				let is_revoked = revoked.contains(&input.grant);
				let under = if is_revoked {
					format!("under grant {} (revoked)", input.grant)
				} else {
					format!("under grant {}", input.grant)
				};
				let label = format!("trainedOn ({})", clip(&input.role));
				p.edge(from, to, Rel::TrainedOn, vec![label, under], is_revoked);
			}
		}
		for (id, d) in &l.datasets {
			let from = p.node(Kind::Dataset, *id);
			if let Some((parent, how)) = &d.parent {
				let to = p.node(Kind::Dataset, *parent);
				let label = format!("derivedFrom ({})", clip(how));
				p.edge(from, to, Rel::DatasetDerivedFrom, vec![label], false);
			}
			for grant in &d.derivation_basis {
				let to = p.node(Kind::Grant, *grant);
				let label = "derivedUnder".to_owned();
				p.edge(from, to, Rel::DerivedUnder, vec![label], revoked.contains(grant));
			}
		}
		for (id, g) in &l.grants {
			let from = p.node(Kind::Grant, *id);
			let to = p.node(Kind::Dataset, g.dataset);
			p.edge(from, to, Rel::GrantOn, vec!["grantOn".to_owned()], false);
		}
		p
	}

	fn push(
		&mut self,
		kind: Kind,
		id: u64,
		lines: Vec<String>,
		title: String,
		marks: Marks,
		root: bool,
	) {
		let key = format!("{}_{id}", kind.name());
		self.index.insert((kind, id), self.nodes.len());
		self.nodes.push(Node { kind, key, lines, title, marks, root, missing: false });
	}

	/// The node of an element, added as missing when the document does not hold it.
	fn node(&mut self, kind: Kind, id: u64) -> usize {
		if let Some(i) = self.index.get(&(kind, id)) {
			return *i;
		}
		let name = format!("{} {id}", kind.name());
		let title = format!("{name}: not in this document");
		let lines = vec![name, "not in this document".to_owned()];
		self.push(kind, id, lines, title, Marks::default(), false);
		let i = self.nodes.len().saturating_sub(1);
		if let Some(n) = self.nodes.get_mut(i) {
			n.missing = true;
		}
		i
	}

	fn edge(&mut self, from: usize, to: usize, rel: Rel, lines: Vec<String>, revoked: bool) {
		self.edges.push(Edge { from, to, rel, lines, revoked });
	}

	fn key(&self, i: usize) -> &str {
		self.nodes.get(i).map_or("", |n| n.key.as_str())
	}

	fn caption(l: &Lineage) -> [String; 2] {
		let root = l.root_model().map_or_else(
			|| format!("model {}", l.root),
			|m| format!("model {} ({} {})", l.root, clip(&m.name), clip(&m.version)),
		);
		let consent = if l.clean() {
			"consent basis clean".to_owned()
		} else {
			let grants: Vec<String> =
				l.tainted.iter().map(|t| format!("grant {}", t.grant)).collect();
			format!("TAINTED: revoked {} in the consent basis", grants.join(", "))
		};
		[format!("Lineage of {root} at block #{}", l.at.number), consent]
	}
}

// ---------------------------------------------------------------------------------------------
// DOT

fn dot_shape(kind: Kind) -> &'static str {
	match kind {
		Kind::Model => "box",
		Kind::Dataset => "cylinder",
		Kind::Grant => "note",
	}
}

fn dot_label(lines: &[String]) -> String {
	lines.iter().map(|l| escape(l)).collect::<Vec<_>>().join("\\n")
}

/// The DOT attributes of a node drawn with `look`.
fn dot_node_attrs(kind: Kind, look: Look, root: bool) -> String {
	let mut style = vec!["filled"];
	if root {
		style.push("bold");
	}
	if let Some(dash) = look.dash {
		style.push(if dash == DOTTED { "dotted" } else { "dashed" });
	}
	let mut attrs = format!(
		"shape={}, style=\"{}\", fillcolor=\"{}\", color=\"{}\", fontcolor=\"{}\", penwidth={}",
		dot_shape(kind),
		style.join(","),
		look.fill,
		look.stroke,
		look.text,
		look.width
	);
	if root {
		attrs.push_str(", peripheries=2, fontname=\"Helvetica-Bold\"");
	}
	attrs
}

fn dot_edge_attrs(look: Look) -> String {
	let style = match look.dash {
		Some(DOTTED) => "dotted",
		Some(_) => "dashed",
		None => "solid",
	};
	format!(
		"color=\"{}\", fontcolor=\"{}\", penwidth={}, style={style}",
		look.stroke, look.text, look.width
	)
}

/// The lineage as a Graphviz DOT digraph, laid out bottom to top (`rankdir=BT`): edges point
/// from the derived element to its source, so the root model sits at the bottom and the
/// datasets at the top. Every node and edge has a `class` (kind and marks) and a `tooltip`,
/// which Graphviz's SVG output keeps; `cluster_legend` explains the styles.
pub fn dot(lineage: &Lineage) -> String {
	let p = Picture::new(lineage);
	let mut out = String::new();
	let [title, consent] = Picture::caption(lineage);
	out.push_str("digraph lineage {\n");
	let _ = writeln!(
		out,
		"\tgraph [rankdir=BT, fontname=\"Helvetica\", fontsize=14, labelloc=t, nodesep=0.35, ranksep=0.55, label=\"{}\\n{}\"];",
		escape(&title),
		escape(&consent)
	);
	out.push_str("\tnode [fontname=\"Helvetica\", fontsize=11, margin=\"0.15,0.06\"];\n");
	out.push_str("\tedge [fontname=\"Helvetica\", fontsize=9, arrowsize=0.7];\n\n");

	for n in &p.nodes {
		let _ = writeln!(
			out,
			"\t{} [label=\"{}\", {}, class=\"{}\", tooltip=\"{}\"];",
			n.key,
			dot_label(&n.lines),
			dot_node_attrs(n.kind, n.look(), n.root),
			n.class().trim_start_matches("node "),
			escape(&n.title)
		);
	}
	out.push('\n');
	for e in &p.edges {
		let _ = writeln!(
			out,
			"\t{} -> {} [label=\"{}\", {}, class=\"{}\", tooltip=\"{}\"];",
			p.key(e.from),
			p.key(e.to),
			dot_label(&e.lines),
			dot_edge_attrs(e.look()),
			e.class().trim_start_matches("edge "),
			escape(&format!("{} {} {}", p.key(e.from), e.rel.name(), p.key(e.to)))
		);
	}
	out.push('\n');
	out.push_str(&dot_legend());
	out.push_str("}\n");
	out
}

/// The legend: a table with a swatch of each node style and of each edge style. Graphviz
/// draws it as an HTML-like label; the text in it is ours, none of it from the chain.
fn dot_legend() -> String {
	let mut rows = String::new();
	for (_, _, look, root, text) in legend_nodes() {
		let mut cell = format!(
			"BGCOLOR=\"{}\" COLOR=\"{}\" BORDER=\"{}\"",
			look.fill,
			look.stroke,
			if root || look.width > 2.0 { 3 } else { 1 }
		);
		if let Some(dash) = look.dash {
			let _ = write!(cell, " STYLE=\"{}\"", if dash == DOTTED { "dotted" } else { "dashed" });
		}
		let _ = writeln!(
			rows,
			"\t\t\t<TR><TD {cell} WIDTH=\"36\" HEIGHT=\"18\"> </TD><TD ALIGN=\"LEFT\">{}</TD></TR>",
			xml_escape(&text.replace('\n', " "))
		);
	}
	for (_, look, text) in legend_edges() {
		let line = match look.dash {
			Some(DOTTED) => "&#183; &#183; &#183; &#183; &#9650;",
			Some(_) => "&#8211; &#8211; &#8211; &#9650;",
			None => "&#8212;&#8212;&#8212;&#9650;",
		};
		let _ = writeln!(
			rows,
			"\t\t\t<TR><TD><FONT COLOR=\"{}\">{line}</FONT></TD><TD ALIGN=\"LEFT\">{}</TD></TR>",
			look.stroke,
			xml_escape(text)
		);
	}
	format!(
		"\tsubgraph cluster_legend {{\n\
		 \t\tlabel=\"Legend\"; labelloc=t; fontsize=12; style=\"rounded\"; color=\"#9ca3af\";\n\
		 \t\tlegend [shape=plain, fontsize=10, label=<\n\
		 \t\t<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"4\" CELLPADDING=\"2\">\n\
		 {rows}\
		 \t\t\t<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\">Arrows point from what was derived to its source.</TD></TR>\n\
		 \t\t</TABLE>>];\n\
		 \t}}\n"
	)
}

type LegendNode = (&'static str, Kind, Look, bool, &'static str);

/// A sample of every node style: key, shape, look, whether drawn as the root, and caption.
fn legend_nodes() -> Vec<LegendNode> {
	let sample = |kind, marks: Marks, root, missing| {
		Node { kind, key: String::new(), lines: vec![], title: String::new(), marks, root, missing }
			.look()
	};
	let none = Marks::default();
	vec![
		("model", Kind::Model, sample(Kind::Model, none, false, false), false, "model"),
		("dataset", Kind::Dataset, sample(Kind::Dataset, none, false, false), false, "dataset"),
		("grant", Kind::Grant, sample(Kind::Grant, none, false, false), false, "consent grant"),
		(
			"root",
			Kind::Model,
			sample(Kind::Model, none, true, false),
			true,
			"the root model\n(double, bold border)",
		),
		(
			"tainted",
			Kind::Model,
			sample(Kind::Model, Marks { tainted: true, ..none }, false, false),
			false,
			"tainted (orange):\nbuilt on a revoked grant",
		),
		(
			"revoked",
			Kind::Grant,
			sample(Kind::Grant, Marks { revoked: true, ..none }, false, false),
			false,
			"revoked grant\n(red, dashed)",
		),
		(
			"withdrawn",
			Kind::Model,
			sample(Kind::Model, Marks { withdrawn: true, ..none }, false, false),
			false,
			"withdrawn model\n(grey, dashed)",
		),
		(
			"disputed",
			Kind::Dataset,
			sample(Kind::Dataset, Marks { disputed: true, ..none }, false, false),
			false,
			"under a governance\ndispute (purple border)",
		),
		(
			"missing",
			Kind::Model,
			sample(Kind::Model, none, false, true),
			false,
			"not in this document\n(grey, dotted)",
		),
	]
}

/// A sample of every edge style: class, look, caption.
fn legend_edges() -> Vec<(&'static str, Look, &'static str)> {
	let sample = |rel, revoked| Edge { from: 0, to: 0, rel, lines: vec![], revoked }.look();
	vec![
		("derivedFrom", sample(Rel::ModelDerivedFrom, false), "model derivedFrom model"),
		("trainedOn", sample(Rel::TrainedOn, false), "model trainedOn dataset"),
		("derivedFrom", sample(Rel::DatasetDerivedFrom, false), "dataset derivedFrom dataset"),
		("grantOn", sample(Rel::GrantOn, false), "grantOn / derivedUnder"),
		("revoked", sample(Rel::TrainedOn, true), "under a revoked grant"),
	]
}

// ---------------------------------------------------------------------------------------------
// Layout

#[derive(Clone, Copy, Debug, PartialEq)]
struct Pt {
	x: f64,
	y: f64,
}

impl From<Point> for Pt {
	fn from(p: Point) -> Self {
		Pt { x: p.x, y: p.y }
	}
}

/// Where layout put things: a box per node, a path per edge (as `layout-rs` gives it: pairs
/// of a point and a control point), and edge labels.
#[derive(Debug, Default)]
struct Placement {
	/// Top-left corner and size of each node.
	nodes: Vec<Option<(Pt, Pt)>>,
	/// The path of each edge, from the source element (the one derived from) to the derived
	/// one; the arrowhead goes on the source end.
	edges: Vec<Option<Vec<(Pt, Pt)>>>,
	/// The centre of each edge label, and its text.
	labels: Vec<(Pt, String)>,
}

fn text_width(lines: &[String], px: f64) -> f64 {
	let chars = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
	chars as f64 * px * GLYPH_EM
}

/// The size of a node's box.
fn node_size(n: &Node) -> Pt {
	let lines = n.lines.len().max(1) as f64;
	let w = (text_width(&n.lines, NODE_FONT_PX) + 24.0).max(84.0);
	let mut h = lines * (NODE_FONT_PX + 3.0) + 14.0;
	if n.kind == Kind::Dataset {
		// Room for the cylinder's caps.
		h += 12.0;
	}
	Pt { x: w, y: h }
}

/// Collects what `layout-rs` draws, instead of drawing it.
#[derive(Debug, Default)]
struct Collector {
	nodes: BTreeMap<usize, (Pt, Pt)>,
	edges: BTreeMap<usize, Vec<(Pt, Pt)>>,
	labels: Vec<(Pt, String)>,
}

fn tagged(properties: &Option<String>, tag: char) -> Option<usize> {
	properties.as_deref()?.strip_prefix(tag)?.parse().ok()
}

impl RenderBackend for Collector {
	fn draw_rect(
		&mut self,
		xy: Point,
		size: Point,
		_look: &StyleAttr,
		properties: Option<String>,
		_clip: Option<ClipHandle>,
	) {
		if let Some(i) = tagged(&properties, 'n') {
			self.nodes.insert(i, (xy.into(), size.into()));
		}
	}
	fn draw_line(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}
	fn draw_circle(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}
	fn draw_text(&mut self, xy: Point, text: &str, _look: &StyleAttr) {
		// Nodes carry no text of their own here, so any text is an edge label.
		if !text.is_empty() {
			self.labels.push((xy.into(), text.to_owned()));
		}
	}
	fn draw_arrow(
		&mut self,
		path: &[(Point, Point)],
		_dashed: bool,
		head: (bool, bool),
		_look: &StyleAttr,
		properties: Option<String>,
		_text: &str,
	) {
		if let Some(i) = tagged(&properties, 'e') {
			let mut path: Vec<(Pt, Pt)> =
				path.iter().map(|(a, b)| ((*a).into(), (*b).into())).collect();
			// An edge layout turned around (to break a cycle) has its head at the end.
			if !head.0 && head.1 {
				path = reverse_path(&path);
			}
			self.edges.insert(i, path);
		}
	}
	fn create_clip(&mut self, _: Point, _: Point, _: usize) -> ClipHandle {
		0
	}
}

/// The same curve, walked the other way.
fn reverse_path(path: &[(Pt, Pt)]) -> Vec<(Pt, Pt)> {
	// A path is `M a0 C a1, b0, b1 S c0, c1 ...`; its points in drawing order are
	// a0 a1 b0 b1 c0 c1 ...: reversed, and paired again.
	let flat: Vec<Pt> = path.iter().flat_map(|(a, b)| [*a, *b]).rev().collect();
	flat.chunks(2).filter_map(|c| if let [a, b] = c { Some((*a, *b)) } else { None }).collect()
}

/// Lays the picture out with `layout-rs`: sources on top, each edge from the element derived
/// from down to the derived one, labels beside their edge.
fn layout_rs(p: &Picture) -> Placement {
	// Ordering ranks and removing crossings is worth it, but grows fast: about a second for
	// 300 elements and edges, 7 for 600. Bigger pictures keep the first ordering found.
	layout_rs_with(p, p.nodes.len().saturating_add(p.edges.len()) > MAX_OPTIMISED)
}

fn layout_rs_with(p: &Picture, disable_opt: bool) -> Placement {
	let mut vg = VisualGraph::new(Orientation::TopToBottom);
	let mut handles = Vec::with_capacity(p.nodes.len());
	for (i, n) in p.nodes.iter().enumerate() {
		let size = node_size(n);
		let look = StyleAttr::simple();
		let size = Point::new(size.x, size.y);
		let mut element = Element::create_with_properties(
			ShapeKind::Box(String::new()),
			look,
			Orientation::LeftToRight,
			size,
			format!("n{i}"),
		);
		// Less room around a node than `layout-rs` leaves (60 each way): rows of datasets
		// and grants get wide.
		element.pos =
			Position::new(Point::zero(), size, Point::zero(), Point::new(NODE_GAP.x, NODE_GAP.y));
		handles.push(vg.add_node(element));
	}
	for (i, e) in p.edges.iter().enumerate() {
		let (Some(from), Some(to)) = (handles.get(e.to), handles.get(e.from)) else { continue };
		// `layout-rs` sizes a label at one font size per character and line: a font size of
		// 7 reserves room for an 11px sans label.
		let look = StyleAttr::new(layout::core::color::Color::fast("black"), 1, None, 0, 7);
		let arrow = Arrow::with_properties(
			LineEndKind::Arrow,
			LineEndKind::None,
			LineStyleKind::Normal,
			&e.lines.join("\n"),
			&look,
			format!("e{i}"),
			&None,
			&None,
		);
		vg.add_edge(arrow, *from, *to);
	}
	let mut collector = Collector::default();
	vg.do_it(false, disable_opt, false, &mut collector);
	let nodes = (0..p.nodes.len()).map(|i| collector.nodes.get(&i).copied()).collect();
	let edges = (0..p.edges.len()).map(|i| collector.edges.remove(&i)).collect();
	let mut placed = Placement { nodes, edges, labels: collector.labels };
	separate_labels(&mut placed);
	placed
}

/// The box a label is drawn in around its centre.
fn label_box(c: Pt, text: &str) -> (Pt, Pt) {
	let lines: Vec<String> = text.lines().map(str::to_owned).collect();
	let s = label_size(&lines);
	(Pt { x: c.x - s.x / 2.0, y: c.y - s.y / 2.0 }, s)
}

/// Whether two boxes (top-left corner, size) overlap, or come closer than `gap`.
fn overlap(a: (Pt, Pt), b: (Pt, Pt), gap: f64) -> bool {
	a.0.x < b.0.x + b.1.x + gap
		&& b.0.x < a.0.x + a.1.x + gap
		&& a.0.y < b.0.y + b.1.y + gap
		&& b.0.y < a.0.y + a.1.y + gap
}

/// Moves labels that `layout-rs` left on top of a node or of another label up or down their
/// edge, to the first free spot; a label with no free spot near stays where it was.
fn separate_labels(placed: &mut Placement) {
	let mut taken: Vec<(Pt, Pt)> = placed.nodes.iter().flatten().copied().collect();
	for (c, text) in &mut placed.labels {
		let (_, s) = label_box(*c, text);
		let step = s.y / 2.0 + 3.0;
		let free = [0.0, -1.0, 1.0, -2.0, 2.0, -3.0, 3.0, -4.0, 4.0]
			.into_iter()
			.map(|k| Pt { x: c.x, y: c.y + k * step })
			.find(|at| taken.iter().all(|t| !overlap(*t, label_box(*at, text), 2.0)));
		if let Some(at) = free {
			*c = at;
		}
		taken.push(label_box(*c, text));
	}
}

/// A plain layered layout, used only should `layout-rs` fail: a row per generation, straight
/// edges.
fn layered(p: &Picture) -> Placement {
	// Each node's depth below its deepest source.
	let mut depth = vec![0_usize; p.nodes.len()];
	for _ in 0..p.nodes.len() {
		let mut changed = false;
		for e in &p.edges {
			let above = depth.get(e.to).copied().unwrap_or(0).saturating_add(1);
			if let Some(d) = depth.get_mut(e.from) {
				if *d < above && above < p.nodes.len() {
					*d = above;
					changed = true;
				}
			}
		}
		if !changed {
			break;
		}
	}
	let mut x_at: BTreeMap<usize, f64> = BTreeMap::new();
	let mut nodes = Vec::with_capacity(p.nodes.len());
	for (n, d) in p.nodes.iter().zip(&depth) {
		let size = node_size(n);
		let x = x_at.entry(*d).or_insert(0.0);
		let xy = Pt { x: *x, y: *d as f64 * 140.0 };
		*x += size.x + 40.0;
		nodes.push(Some((xy, size)));
	}
	let centre = |i: usize| {
		nodes
			.get(i)
			.copied()
			.flatten()
			.map(|(xy, s): (Pt, Pt)| Pt { x: xy.x + s.x / 2.0, y: xy.y + s.y / 2.0 })
	};
	let mut edges = Vec::with_capacity(p.edges.len());
	let mut labels = Vec::new();
	for e in &p.edges {
		let path = centre(e.to).zip(centre(e.from)).map(|(a, b)| {
			let mid = Pt { x: (a.x + b.x) / 2.0, y: (a.y + b.y) / 2.0 };
			labels.push((mid, e.lines.join("\n")));
			vec![(a, a), (b, b)]
		});
		edges.push(path);
	}
	Placement { nodes, edges, labels }
}

fn place(p: &Picture) -> Placement {
	if p.nodes.is_empty() {
		return Placement::default();
	}
	// `layout-rs` asserts its invariants; a picture it cannot lay out still gets drawn.
	catch_unwind(AssertUnwindSafe(|| layout_rs(p))).unwrap_or_else(|_| layered(p))
}

// ---------------------------------------------------------------------------------------------
// SVG

/// A number for SVG: two decimals at most, no `-0`.
fn n(v: f64) -> String {
	let r = (v * 100.0).round() / 100.0;
	if r == 0.0 || !r.is_finite() {
		"0".to_owned()
	} else {
		format!("{r}")
	}
}

fn svg_look(look: Look) -> String {
	let mut out = format!(
		"fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"",
		look.fill,
		look.stroke,
		n(look.width)
	);
	if let Some(dash) = look.dash {
		let _ = write!(out, " stroke-dasharray=\"{dash}\"");
	}
	out
}

/// The outline of a shape in the box at `xy` of size `s`.
fn svg_shape(kind: Kind, xy: Pt, s: Pt, look: Look) -> String {
	let attrs = svg_look(look);
	// The lines drawn over the body: the cylinder's rim, the note's fold.
	let lines = svg_look(Look { fill: "none", ..look });
	let (x, y, w, h) = (xy.x, xy.y, s.x, s.y);
	match kind {
		Kind::Model => format!(
			"<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" {attrs}/>",
			n(x),
			n(y),
			n(w),
			n(h)
		),
		Kind::Dataset => {
			let ry = (h / 6.0).min(7.0);
			let rx = w / 2.0;
			format!(
				"<path d=\"M {x0} {top} A {rx} {ry} 0 0 1 {x1} {top} V {bot} A {rx} {ry} 0 0 1 {x0} {bot} Z\" {attrs}/>\
				 <path d=\"M {x0} {top} A {rx} {ry} 0 0 0 {x1} {top}\" {lines}/>",
				x0 = n(x),
				x1 = n(x + w),
				top = n(y + ry),
				bot = n(y + h - ry),
				rx = n(rx),
				ry = n(ry),
			)
		},
		Kind::Grant => {
			let f = (h / 3.0).min(10.0);
			format!(
				"<path d=\"M {x0} {y0} H {xf} L {x1} {yf} V {y1} H {x0} Z\" {attrs}/>\
				 <path d=\"M {xf} {y0} V {yf} H {x1}\" {lines}/>",
				x0 = n(x),
				x1 = n(x + w),
				xf = n(x + w - f),
				y0 = n(y),
				yf = n(y + f),
				y1 = n(y + h),
			)
		},
	}
}

/// Lines of text centred on `c`.
fn svg_text(c: Pt, lines: &[String], px: f64, fill: &str, bold_first: bool) -> String {
	let step = px + 3.0;
	let first = c.y - step * (lines.len().saturating_sub(1) as f64) / 2.0;
	let mut out = format!(
		"<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{fill}\" text-anchor=\"middle\">",
		n(c.x),
		n(first + px * BASELINE),
		n(px)
	);
	for (i, line) in lines.iter().enumerate() {
		let dy = if i == 0 { 0.0 } else { step };
		let weight = if bold_first && i == 0 { " font-weight=\"bold\"" } else { "" };
		let _ = write!(
			out,
			"<tspan x=\"{}\" dy=\"{}\"{weight}>{}</tspan>",
			n(c.x),
			n(dy),
			xml_escape(line)
		);
	}
	out.push_str("</text>");
	out
}

fn svg_path(path: &[(Pt, Pt)]) -> String {
	let mut d = String::new();
	let mut points = path.iter();
	if let (Some(a), Some(b)) = (points.next(), points.next()) {
		let _ = write!(
			d,
			"M {} {} C {} {}, {} {}, {} {}",
			n(a.0.x),
			n(a.0.y),
			n(a.1.x),
			n(a.1.y),
			n(b.0.x),
			n(b.0.y),
			n(b.1.x),
			n(b.1.y)
		);
	}
	for p in points {
		let _ = write!(d, " S {} {}, {} {}", n(p.0.x), n(p.0.y), n(p.1.x), n(p.1.y));
	}
	d
}

/// The id of the arrowhead marker for an edge colour.
fn marker_id(stroke: &str) -> String {
	format!("head-{}", stroke.trim_start_matches('#'))
}

/// Bounds of everything placed, to size the canvas.
#[derive(Debug)]
struct Bounds {
	min: Pt,
	max: Pt,
}

impl Bounds {
	fn new() -> Self {
		Bounds { min: Pt { x: f64::MAX, y: f64::MAX }, max: Pt { x: f64::MIN, y: f64::MIN } }
	}
	fn add(&mut self, p: Pt) {
		if p.x.is_finite() && p.y.is_finite() {
			self.min = Pt { x: self.min.x.min(p.x), y: self.min.y.min(p.y) };
			self.max = Pt { x: self.max.x.max(p.x), y: self.max.y.max(p.y) };
		}
	}
	fn size(&self) -> Pt {
		if self.max.x < self.min.x {
			return Pt { x: 0.0, y: 0.0 };
		}
		Pt { x: self.max.x - self.min.x, y: self.max.y - self.min.y }
	}
}

fn label_size(lines: &[String]) -> Pt {
	Pt {
		x: text_width(lines, LABEL_FONT_PX) + 6.0,
		y: lines.len() as f64 * (LABEL_FONT_PX + 3.0) + 2.0,
	}
}

/// The lineage as a standalone SVG image, laid out like [`dot`] (bottom to top) by
/// `layout-rs` and drawn here.
///
/// Each node is a `<g id="model_2" class="node model root tainted">` holding a `<title>` (its
/// tooltip: name, owner, license, ...), its shape and its label; each edge a
/// `<g class="edge trainedOn revoked" data-from="model_0" data-to="dataset_1">`. A caption
/// names the root and its consent status, and a legend to the right explains the styles.
pub fn svg(lineage: &Lineage) -> String {
	svg_linked(lineage, &|_| None)
}

/// [`svg`] with each node that `link` maps to a URL wrapped in an `<a href>` (focusable, so
/// the picture can be walked with a keyboard), for pages that show it inline. `link` gets the
/// node's id: `model_2`, `dataset_0`, `grant_1`.
pub fn svg_linked(lineage: &Lineage, link: &dyn Fn(&str) -> Option<String>) -> String {
	let p = Picture::new(lineage);
	let placed = place(&p);

	let mut bounds = Bounds::new();
	for (xy, s) in placed.nodes.iter().flatten() {
		bounds.add(*xy);
		bounds.add(Pt { x: xy.x + s.x, y: xy.y + s.y });
	}
	for path in placed.edges.iter().flatten() {
		for (a, _) in path {
			bounds.add(*a);
		}
		if let Some((_, end)) = path.last() {
			bounds.add(*end);
		}
	}
	for (c, text) in &placed.labels {
		let lines: Vec<String> = text.lines().map(str::to_owned).collect();
		let s = label_size(&lines);
		bounds.add(Pt { x: c.x - s.x / 2.0, y: c.y - s.y / 2.0 });
		bounds.add(Pt { x: c.x + s.x / 2.0, y: c.y + s.y / 2.0 });
	}

	let margin = 20.0;
	let header = 58.0;
	let graph = bounds.size();
	let (legend, legend_size) = svg_legend();
	let width = margin + graph.x + margin * 2.0 + legend_size.x + margin;
	let height = header + graph.y.max(legend_size.y) + margin * 2.0;
	let shift = Pt {
		x: margin - bounds.min.x.min(f64::MAX / 2.0),
		y: header + margin - bounds.min.y.min(f64::MAX / 2.0),
	};
	let shift = if graph.x == 0.0 && graph.y == 0.0 { Pt { x: margin, y: header } } else { shift };

	let [title, consent] = Picture::caption(lineage);
	let mut out = String::new();
	out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
	let _ = writeln!(
		out,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{FONT}\">",
		w = n(width.ceil()),
		h = n(height.ceil())
	);
	let _ = writeln!(out, "<title>{}</title>", xml_escape(&format!("{title}: {consent}")));
	out.push_str(&svg_markers(&p));
	let _ = writeln!(
		out,
		"<rect class=\"background\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
	);
	let consent_colour = if lineage.clean() { colour::DATASET } else { colour::REVOKED_TEXT };
	let _ = writeln!(
		out,
		"<g class=\"caption\"><text x=\"{m}\" y=\"26\" font-size=\"17\" font-weight=\"bold\" fill=\"{}\">{}</text>\
		 <text class=\"consent\" x=\"{m}\" y=\"46\" font-size=\"13\" fill=\"{consent_colour}\">{}</text></g>",
		colour::TEXT,
		xml_escape(&title),
		xml_escape(&consent),
		m = n(margin)
	);

	let _ = writeln!(
		out,
		"<g class=\"lineage\" transform=\"translate({} {})\">",
		n(shift.x),
		n(shift.y)
	);
	// Edges first, so that nodes and labels sit on top of them.
	for (i, (e, path)) in p.edges.iter().zip(&placed.edges).enumerate() {
		let Some(path) = path else { continue };
		let look = e.look();
		let _ = writeln!(
			out,
			"<g id=\"edge_{i}\" class=\"{}\" data-from=\"{}\" data-to=\"{}\"><title>{}</title>\
			 <path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"{} marker-start=\"url(#{})\"/></g>",
			e.class(),
			p.key(e.from),
			p.key(e.to),
			xml_escape(&format!(
				"{} {} {}: {}",
				p.key(e.from).replace('_', " "),
				e.rel.name(),
				p.key(e.to).replace('_', " "),
				e.lines.join(", ")
			)),
			svg_path(path),
			look.stroke,
			n(look.width),
			look.dash.map(|d| format!(" stroke-dasharray=\"{d}\"")).unwrap_or_default(),
			marker_id(look.stroke)
		);
	}
	for (node, at) in p.nodes.iter().zip(&placed.nodes) {
		let Some((xy, s)) = at else { continue };
		let look = node.look();
		let href = link(&node.key);
		if let Some(href) = &href {
			let _ = write!(
				out,
				"<a href=\"{}\" aria-label=\"{}\">",
				xml_escape(href),
				xml_escape(&node.lines.join(" "))
			);
		}
		let _ = write!(
			out,
			"<g id=\"{}\" class=\"{}\"><title>{}</title>",
			node.key,
			node.class(),
			xml_escape(&node.title)
		);
		if node.root {
			// A second, outer border, as Graphviz draws `peripheries=2`.
			let outer = Look { fill: "none", dash: None, width: 1.5, ..look };
			let (o, os) = (Pt { x: xy.x - 4.0, y: xy.y - 4.0 }, Pt { x: s.x + 8.0, y: s.y + 8.0 });
			out.push_str(&svg_shape(node.kind, o, os, outer));
		}
		out.push_str(&svg_shape(node.kind, *xy, *s, look));
		let mut c = Pt { x: xy.x + s.x / 2.0, y: xy.y + s.y / 2.0 };
		if node.kind == Kind::Dataset {
			c.y += 4.0;
		}
		out.push_str(&svg_text(c, &node.lines, NODE_FONT_PX, look.text, true));
		out.push_str("</g>");
		if href.is_some() {
			out.push_str("</a>");
		}
		out.push('\n');
	}
	// Labels last, on a white ground, so that no line runs through them.
	let styles = label_styles(&p);
	for (c, text) in &placed.labels {
		let lines: Vec<String> = text.lines().map(str::to_owned).collect();
		let s = label_size(&lines);
		let (class, fill) = styles.get(text).copied().unwrap_or(("edge-label", colour::TEXT));
		let _ = writeln!(
			out,
			"<g class=\"{class}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.85\"/>{}</g>",
			n(c.x - s.x / 2.0),
			n(c.y - s.y / 2.0),
			n(s.x),
			n(s.y),
			svg_text(*c, &lines, LABEL_FONT_PX, fill, false)
		);
	}
	out.push_str("</g>\n");
	let _ = writeln!(
		out,
		"<g class=\"legend\" transform=\"translate({} {})\">{legend}</g>",
		n(margin + graph.x + margin * 2.0),
		n(header + margin)
	);
	out.push_str("</svg>\n");
	out
}

/// The class and colour of each edge label text; a text shared by edges drawn differently
/// gets the neutral ones.
fn label_styles(p: &Picture) -> BTreeMap<String, (&'static str, &'static str)> {
	let mut styles: BTreeMap<String, Option<(&'static str, &'static str)>> = BTreeMap::new();
	for e in &p.edges {
		let style = (if e.revoked { "edge-label revoked" } else { "edge-label" }, e.look().text);
		styles
			.entry(e.lines.join("\n"))
			.and_modify(|s| {
				if *s != Some(style) {
					*s = None;
				}
			})
			.or_insert(Some(style));
	}
	styles.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))).collect()
}

fn svg_markers(p: &Picture) -> String {
	let mut strokes: BTreeSet<&str> = p.edges.iter().map(|e| e.look().stroke).collect();
	strokes.extend(legend_edges().iter().map(|(_, look, _)| look.stroke));
	let mut out = String::from("<defs>\n");
	for stroke in strokes {
		// The head sits at the path's start and points back along it, at the source.
		let _ = writeln!(
			out,
			"<marker id=\"{}\" markerWidth=\"10\" markerHeight=\"8\" refX=\"1\" refY=\"4\" orient=\"auto\" markerUnits=\"userSpaceOnUse\"><polygon points=\"10 0, 10 8, 0 4\" fill=\"{stroke}\"/></marker>",
			marker_id(stroke)
		);
	}
	out.push_str("</defs>\n");
	out
}

/// The legend panel and its size.
fn svg_legend() -> (String, Pt) {
	let mut out = String::new();
	let (pad, row, sample_w, sample_h) = (12.0, 40.0, 56.0, 26.0);
	let mut y = pad + 22.0;
	let mut width: f64 = 0.0;
	let mut body = String::new();
	for (key, kind, look, root, text) in legend_nodes() {
		let lines: Vec<String> = text.lines().map(str::to_owned).collect();
		let xy = Pt { x: pad + 4.0, y: y + (row - sample_h) / 2.0 - 4.0 };
		let size = Pt { x: sample_w, y: sample_h };
		let _ = write!(body, "<g class=\"{}\">", legend_class(key));
		if root {
			let outer = Look { fill: "none", dash: None, width: 1.5, ..look };
			let o = Pt { x: xy.x - 3.0, y: xy.y - 3.0 };
			body.push_str(&svg_shape(kind, o, Pt { x: size.x + 6.0, y: size.y + 6.0 }, outer));
		}
		body.push_str(&svg_shape(kind, xy, size, look));
		let c = Pt { x: pad + sample_w + 16.0, y: y + row / 2.0 - 4.0 };
		body.push_str(&svg_left_text(c, &lines, 12.0));
		body.push_str("</g>\n");
		width = width.max(sample_w + 16.0 + text_width(&lines, 12.0));
		y += row;
	}
	for (rel, look, text) in legend_edges() {
		let mid = y + 10.0;
		let _ = write!(
			body,
			"<g class=\"edge {rel}\"><path d=\"M {} {} H {}\" stroke=\"{}\" stroke-width=\"{}\"{} marker-start=\"url(#{})\"/>",
			n(pad + 4.0 + 8.0),
			n(mid),
			n(pad + 4.0 + sample_w),
			look.stroke,
			n(look.width),
			look.dash.map(|d| format!(" stroke-dasharray=\"{d}\"")).unwrap_or_default(),
			marker_id(look.stroke)
		);
		let lines = vec![text.to_owned()];
		body.push_str(&svg_left_text(Pt { x: pad + sample_w + 16.0, y: mid }, &lines, 12.0));
		body.push_str("</g>\n");
		width = width.max(sample_w + 16.0 + text_width(&lines, 12.0));
		y += 24.0;
	}
	let note = [
		"Arrows point from what was derived".to_owned(),
		"to what it was derived from.".to_owned(),
	];
	body.push_str(&svg_left_text(Pt { x: pad, y: y + 16.0 }, &note, 11.0));
	width = width.max(text_width(&note, 11.0));
	y += 40.0;
	let size = Pt { x: width + pad * 2.0, y: y + pad };
	let _ = write!(
		out,
		"<rect width=\"{}\" height=\"{}\" rx=\"6\" fill=\"#f9fafb\" stroke=\"#9ca3af\"/>\
		 <text x=\"{}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\" fill=\"{}\">Legend</text>\n{body}",
		n(size.x),
		n(size.y),
		n(pad),
		n(pad + 12.0),
		colour::TEXT
	);
	(out, size)
}

fn legend_class(key: &str) -> String {
	match key {
		"model" | "dataset" | "grant" => format!("legend-item {key}"),
		"root" => "legend-item model root".to_owned(),
		"revoked" => "legend-item grant revoked".to_owned(),
		"disputed" => "legend-item dataset disputed".to_owned(),
		other => format!("legend-item model {other}"),
	}
}

/// Lines of text starting at `c.x`, centred vertically on `c.y`.
fn svg_left_text(c: Pt, lines: &[String], px: f64) -> String {
	let step = px + 3.0;
	let first = c.y - step * (lines.len().saturating_sub(1) as f64) / 2.0;
	let mut out = format!(
		"<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{}\">",
		n(c.x),
		n(first + px * BASELINE),
		n(px),
		colour::TEXT
	);
	for (i, line) in lines.iter().enumerate() {
		let dy = if i == 0 { 0.0 } else { step };
		let _ =
			write!(out, "<tspan x=\"{}\" dy=\"{}\">{}</tspan>", n(c.x), n(dy), xml_escape(line));
	}
	out.push_str("</text>");
	out
}

#[cfg(test)]
mod tests;
