import { Module } from '@nestjs/common';
import { DOCUMENT_STORE } from '../../src/bus/capabilities/document-store.js';
import { WebDavConnector } from './webdav.connector.js';

/** Provides the document-store capability: WebDAV folders (each link carries its own server and credentials). */
@Module({
  providers: [{ provide: DOCUMENT_STORE, useFactory: () => new WebDavConnector() }],
  exports: [DOCUMENT_STORE],
})
export class DocumentsConnectorModule {}
