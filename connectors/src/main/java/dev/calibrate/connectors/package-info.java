/**
 * Sales channel connectors, one package per channel. They talk to the rest of Calibrate only
 * through the shared kernel's messages: commands to the Product aggregate, events from the store.
 */
package dev.calibrate.connectors;
