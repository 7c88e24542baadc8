/* tslint:disable */
/* eslint-disable */
export * from './ClaimedShop.js';
export * from './InstallLink.js';
export * from './IssuedOperatorToken.js';
export * from './OperatorTokenList.js';
export * from './PriceChangeApproval.js';
export * from './PriceChangeRejection.js';
export * from './PriceChangeStatus.js';
export * from './RunAction.js';
export * from './SchemaInfo.js';
export * from './Stored.js';
