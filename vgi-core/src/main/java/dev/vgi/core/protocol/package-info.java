/**
 * The VGI protocol layer's single source of truth: the protocol identity and method names ({@link
 * dev.vgi.core.protocol.VgiProtocol}), every record schema ({@link dev.vgi.core.protocol.VgiRecords}),
 * every method's parameter and result schemas ({@link dev.vgi.core.protocol.VgiMethods}), and the
 * codecs between records and the IPC bytes they travel as ({@link dev.vgi.core.protocol.RecordWriter},
 * {@link dev.vgi.core.protocol.RecordReader}). Written records are checked strictly, received ones
 * are read leniently by name, because the peers compare what they receive strictly and send shapes
 * of other versions.
 */
package dev.vgi.core.protocol;
