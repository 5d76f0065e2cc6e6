import express, { type Express } from 'express';

/** Forms post urlencoded bodies; uploads (multipart) are parsed per route by multer. */
export function setUpBodyParsing(app: Express): void {
  app.use(express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 5000 }));
  app.use(express.json({ limit: '100kb' }));
}
