//! Where the signing account comes from: a secret URI (`//Alice`, a mnemonic), from a flag or
//! the environment, or a polkadot.js encrypted key file. Secrets are never printed.

use std::{fs, path::Path};

use anyhow::{bail, Context, Result};
use subxt_signer::{sr25519::Keypair, SecretUri};

/// The environment variable a secret URI can come from.
pub const SURI_ENV: &str = "PROVENANCE_SURI";
/// The environment variable a key file's password can come from.
pub const PASSWORD_ENV: &str = "PROVENANCE_KEY_PASSWORD";

/// The signer named by `--suri` (or `PROVENANCE_SURI`) or `--key-file`.
pub fn signer(suri: Option<&str>, key_file: Option<&Path>) -> Result<Keypair> {
	match (suri, key_file) {
		(Some(_), Some(_)) => bail!("give either --suri or --key-file, not both"),
		(Some(uri), None) => from_uri(uri),
		(None, Some(path)) => from_key_file(path),
		(None, None) => bail!(
			"this command signs a transaction: give --suri <SECRET_URI> (or set {SURI_ENV}), or --key-file <FILE>"
		),
	}
}

fn from_uri(uri: &str) -> Result<Keypair> {
	// The parse error quotes the input, so it is replaced: the URI may hold a mnemonic.
	let parsed: SecretUri = uri.parse().map_err(|_| {
		anyhow::anyhow!(
			"the secret URI is malformed (expected e.g. //Alice or a 12/24-word mnemonic)"
		)
	})?;
	Keypair::from_uri(&parsed).map_err(|_| {
		anyhow::anyhow!(
			"the secret URI does not give an sr25519 key (is the mnemonic a valid BIP-39 phrase?)"
		)
	})
}

/// A polkadot.js JSON key file (as exported by polkadot.js Apps or `@polkadot/keyring`'s
/// `toJson(password)`), decrypted with the password from `PROVENANCE_KEY_PASSWORD` or, on a
/// terminal, a prompt.
fn from_key_file(path: &Path) -> Result<Keypair> {
	let json = fs::read_to_string(path)
		.with_context(|| format!("cannot read the key file {}", path.display()))?;
	let password = match std::env::var(PASSWORD_ENV) {
		Ok(p) => p,
		Err(_) => rpassword::prompt_password(format!("password for {}: ", path.display()))
			.with_context(|| format!("no password: set {PASSWORD_ENV} or run on a terminal"))?,
	};
	subxt_signer::polkadot_js_compat::decrypt_json(&json, &password).map_err(|e| {
		anyhow::anyhow!("cannot decrypt the key file {}: {e} (wrong password or not a polkadot.js sr25519 key file)", path.display())
	})
}

/// The account id of a keypair.
pub fn account(pair: &Keypair) -> crate::AccountId {
	crate::AccountId::new(pair.public_key().0)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn dev_uris_give_the_well_known_accounts() {
		let alice = signer(Some("//Alice"), None).unwrap();
		assert_eq!(
			crate::client::ss58_of(&account(&alice)),
			"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
		);
	}

	#[test]
	fn errors_never_echo_the_secret() {
		let secret = "bottom drive obey lake curtain smoke basket hold race lonely fit notaword";
		let e = signer(Some(secret), None).err().map(|e| format!("{e:#}")).unwrap_or_default();
		assert!(!e.contains("bottom"), "{e}");
		assert!(signer(None, None).is_err());
		assert!(signer(Some("//Alice"), Some(Path::new("k.json"))).is_err());
		let e = signer(None, Some(Path::new("/no/such/key.json"))).err().unwrap();
		assert!(format!("{e:#}").contains("cannot read the key file"), "{e:#}");
	}
}
