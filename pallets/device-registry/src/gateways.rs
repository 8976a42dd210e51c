//! Gateways: accounts an owner authorises to anchor data for its devices, each with a deposit.

use crate::*;
use frame_support::pallet_prelude::*;

impl<T: Config> Pallet<T> {
	/// Authorises `gateway` to anchor for `owner`'s devices, holding `GatewayDeposit` from
	/// `owner`, as `add_gateway` does; public for state builders (the node's `scale:` chains).
	pub fn do_add_gateway(owner: T::AccountId, gateway: T::AccountId) -> DispatchResult {
		let mut gateways = Gateways::<T>::get(&owner);
		ensure!(!gateways.iter().any(|(g, _)| *g == gateway), Error::<T>::GatewayExists);
		let deposit = T::GatewayDeposit::get();
		gateways.try_push((gateway.clone(), deposit)).map_err(|_| Error::<T>::TooManyGateways)?;
		Self::hold_deposit(HoldReason::GatewayDeposit, &owner, deposit)?;
		Gateways::<T>::insert(&owner, gateways);
		Self::deposit_event(Event::GatewayAdded { owner, gateway });
		Ok(())
	}

	pub(crate) fn do_remove_gateway(owner: T::AccountId, gateway: T::AccountId) -> DispatchResult {
		let mut gateways = Gateways::<T>::get(&owner);
		let position =
			gateways.iter().position(|(g, _)| *g == gateway).ok_or(Error::<T>::UnknownGateway)?;
		let (_, deposit) = gateways.remove(position);
		Self::release_deposit(HoldReason::GatewayDeposit, &owner, deposit);
		if gateways.is_empty() {
			Gateways::<T>::remove(&owner);
		} else {
			Gateways::<T>::insert(&owner, gateways);
		}
		Self::deposit_event(Event::GatewayRemoved { owner, gateway });
		Ok(())
	}
}
