//! The bodies of the governance calls.

use super::*;

impl<T: Config> Pallet<T> {
	/// Adds `who` to the set. See [`Pallet::add_validator`].
	pub fn do_add_validator(who: T::AccountId) -> DispatchResult {
		let mut validators = Validators::<T>::get();
		ensure!(!validators.contains(&who), Error::<T>::AlreadyValidator);
		ensure!(validators.len() < T::MaxValidators::get() as usize, Error::<T>::TooManyValidators);
		ensure!(Self::has_keys(&who), Error::<T>::NoKeys);
		validators.try_push(who.clone()).map_err(|_| Error::<T>::TooManyValidators)?;
		Validators::<T>::put(validators);
		SetChanged::<T>::put(true);
		Self::deposit_event(Event::ValidatorAdded { who });
		Ok(())
	}

	/// Removes `who` from the set. See [`Pallet::remove_validator`].
	pub fn do_remove_validator(who: T::AccountId) -> DispatchResult {
		let mut validators = Validators::<T>::get();
		ensure!(validators.contains(&who), Error::<T>::NotValidator);
		ensure!(validators.len() > Self::floor(), Error::<T>::TooFewValidators);
		validators.retain(|v| v != &who);
		Validators::<T>::put(validators);
		SetChanged::<T>::put(true);
		Self::deposit_event(Event::ValidatorRemoved { who });
		Ok(())
	}
}
