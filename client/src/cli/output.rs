//! Text for people, JSON for scripts.

use serde::Serialize;
use serde_json::Value;

/// Prints `value` as JSON (`--json`) or as indented `key: value` text.
pub fn show<T: Serialize>(json: bool, title: Option<&str>, value: &T) -> anyhow::Result<()> {
	let v = serde_json::to_value(value)?;
	if json {
		println!("{}", serde_json::to_string_pretty(&v)?);
		return Ok(());
	}
	if let Some(t) = title {
		println!("{t}");
	}
	let mut out = String::new();
	text(&v, 0, &mut out);
	print!("{out}");
	Ok(())
}

fn scalar(v: &Value) -> Option<String> {
	match v {
		Value::Null => Some("-".into()),
		Value::Bool(b) => Some(if *b { "yes" } else { "no" }.into()),
		Value::Number(n) => Some(n.to_string()),
		Value::String(s) => Some(if s.is_empty() { "\"\"".into() } else { s.clone() }),
		Value::Array(a) if a.is_empty() => Some("none".into()),
		Value::Array(a) if a.iter().all(|x| matches!(x, Value::Number(_) | Value::String(_))) => {
			Some(a.iter().filter_map(scalar).collect::<Vec<_>>().join(", "))
		},
		Value::Object(o) if o.is_empty() => Some("-".into()),
		_ => None,
	}
}

/// `camelCase` keys as words: `contentHash` → `content hash`.
fn words(key: &str) -> String {
	let mut s = String::new();
	for c in key.chars() {
		if c.is_ascii_uppercase() {
			s.push(' ');
			s.push(c.to_ascii_lowercase());
		} else {
			s.push(c);
		}
	}
	s
}

fn text(v: &Value, indent: usize, out: &mut String) {
	let pad = "  ".repeat(indent);
	match v {
		Value::Object(o) => {
			for (k, x) in o {
				match scalar(x) {
					Some(s) => out.push_str(&format!("{pad}{}: {s}\n", words(k))),
					None => {
						out.push_str(&format!("{pad}{}:\n", words(k)));
						text(x, indent.saturating_add(1), out);
					},
				}
			}
		},
		Value::Array(a) => {
			for x in a {
				match scalar(x) {
					Some(s) => out.push_str(&format!("{pad}- {s}\n")),
					None => {
						out.push_str(&format!("{pad}-\n"));
						text(x, indent.saturating_add(1), out);
					},
				}
			}
		},
		other => {
			if let Some(s) = scalar(other) {
				out.push_str(&format!("{pad}{s}\n"));
			}
		},
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn nested_values_read_as_indented_text() {
		let v = serde_json::json!({"contentHash": "0x01", "contributors": [{"account": "a", "partsPerBillion": 5}], "revokedAt": null, "purposes": ["Training", "Research"]});
		let mut out = String::new();
		text(&v, 0, &mut out);
		assert_eq!(
			out,
			"content hash: 0x01\ncontributors:\n  -\n    account: a\n    parts per billion: 5\npurposes: Training, Research\nrevoked at: -\n"
		);
	}
}
