/* tslint:disable */
/* eslint-disable */
export * from './CalibrateApi.js';
