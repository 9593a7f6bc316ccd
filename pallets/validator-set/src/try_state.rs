//! The pallet's invariants, checked by `try_state` and by the tests.

use super::*;

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants: the set has no repeats, and unless empty (a genesis
	/// that left the set to the session pallet) holds between `MinValidators` and
	/// `MaxValidators` accounts.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let validators = Validators::<T>::get();
		for (at, who) in validators.iter().enumerate() {
			ensure!(
				!validators.iter().skip(at.saturating_add(1)).any(|other| other == who),
				"a validator is in the set twice"
			);
		}
		if !validators.is_empty() {
			ensure!(
				validators.len() >= T::MinValidators::get() as usize,
				"fewer validators than MinValidators"
			);
			ensure!(
				validators.len() <= T::MaxValidators::get() as usize,
				"more validators than MaxValidators"
			);
		}
		Ok(())
	}
}
