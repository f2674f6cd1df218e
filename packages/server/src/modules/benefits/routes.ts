/**
 * Blood-fee exemption API (R67–R70): hospital window lookup and direct deduction, relationships with proof
 * documents, claims (online / cross-province) with review and payment, ledger and statistics.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { RELATIONS } from '@redbridge/domain/benefits';
import { actionContext, requireRole, requireUser } from '../../plugins/auth.ts';
import { idParam, pageQuery } from '../../lib/http.ts';
import {
  addRelation, benefitStatistics, DOCUMENT_TYPES, donorBenefitSummary, getDocument, listClaims, listDeductions, listRelations,
  lookupPatient, payClaim, recordDirectDeduction, requireStationUser, reviewClaim, reviewRelation, submitClaim,
} from './service.ts';

const relation = z.enum(RELATIONS as unknown as [string, ...string[]]);
const relative = z.enum(['spouse', 'parent', 'child', 'sibling', 'grandparent', 'spouse_parent']);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式 YYYY-MM-DD / date must be YYYY-MM-DD');
const documentBody = z.object({
  kind: z.enum(['relationship', 'invoice', 'id_card', 'certificate', 'other']).default('relationship'),
  fileName: z.string().trim().min(1).max(200),
  mediaType: z.enum(DOCUMENT_TYPES),
  contentBase64: z.string().min(1).max(7_000_000),
});
/** Base64 of a 5 MB file plus JSON. */
const UPLOAD_BODY_LIMIT = 8 * 1024 * 1024;

const window = requireRole('hospital_transfusion', 'donor_service');
const staff = requireRole('donor_service');
const readers = requireRole('donor_service', 'health_commission_viewer', 'hospital_transfusion');

export const benefitRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/benefits/lookup', {
    preHandler: window,
    schema: {
      tags: ['benefits'], summary: '血费直免查询 Hospital window: entitlements of a patient by resident ID number (as donor or relative)',
      querystring: z.object({ idNumber: z.string().trim().min(1).max(32) }),
    },
  }, async (request) => lookupPatient(app.db, requireUser(request), request.query.idNumber, app.clock()));

  app.post('/benefits/deductions', {
    preHandler: window,
    schema: {
      tags: ['benefits'], summary: '血费直免登记 Record a direct deduction against the transfusion fee lines (atomic, locks the entitlement)',
      body: z.object({
        idNumber: z.string().trim().min(1).max(32),
        donorId: z.number().int().positive(),
        relation,
        lines: z.array(z.object({
          transfusionId: z.number().int().positive().nullish(),
          item: z.string().trim().min(1).max(100),
          volumeMl: z.number().int().min(1).max(20_000),
          amountFen: z.number().int().min(0).max(1_000_000_000),
        })).min(1).max(50),
      }),
    },
  }, async (request, reply) => {
    const created = await recordDirectDeduction(app.db, actionContext(app, request), request.body as never);
    return reply.status(201).send(created);
  });

  app.get('/benefits/deductions', {
    preHandler: readers,
    schema: {
      tags: ['benefits'], summary: '减免台账 Exemption ledger (hospitals see their own)',
      querystring: pageQuery.extend({ donorId: z.coerce.number().int().positive().optional(), kind: z.enum(['direct', 'claim', 'cross_province']).optional(),
        relation: relation.optional(), from: day.optional(), to: day.optional() }),
    },
  }, async (request) => listDeductions(app.db, requireUser(request), request.query));

  app.get('/benefits/statistics', {
    preHandler: requireRole('donor_service', 'health_commission_viewer', 'hospital_transfusion'),
    schema: {
      tags: ['benefits'], summary: '减免统计 Exemption statistics by month, hospital, relationship and kind (R70)',
      querystring: z.object({ from: day.optional(), to: day.optional() }),
    },
  }, async (request) => benefitStatistics(app.db, requireUser(request), request.query));

  app.get('/benefits/donors/:id', {
    preHandler: staff,
    schema: {
      tags: ['benefits'], params: idParam,
      summary: '献血者及家属减免 A donor\'s and family\'s entitlements and deductions (the API the donor app shows)',
    },
  }, async (request) => donorBenefitSummary(app.db, requireUser(request), request.params.id, app.clock()));

  app.get('/benefits/relations', {
    preHandler: staff,
    schema: {
      tags: ['benefits'], summary: '亲属关系 Family relationships',
      querystring: pageQuery.extend({ donorId: z.coerce.number().int().positive().optional(), status: z.enum(['pending', 'verified', 'rejected']).optional() }),
    },
  }, async (request) => listRelations(app.db, requireUser(request), request.query));

  app.post('/benefits/relations', {
    preHandler: staff, bodyLimit: UPLOAD_BODY_LIMIT,
    schema: {
      tags: ['benefits'], summary: '登记亲属关系 Record a family relationship with its proof document (≤ 5 MB PDF/JPEG/PNG)',
      body: z.object({
        donorId: z.number().int().positive(), relation: relative, relativeName: z.string().trim().min(1).max(64),
        relativeIdNumber: z.string().trim().min(1).max(32), note: z.string().max(500).nullish(), proof: documentBody.nullish(), verify: z.boolean().optional(),
      }),
    },
  }, async (request, reply) => {
    requireStationUser(requireUser(request));
    return reply.status(201).send(await addRelation(app.db, actionContext(app, request), request.body as never));
  });

  app.post('/benefits/relations/:id/review', {
    preHandler: staff,
    schema: {
      tags: ['benefits'], params: idParam, summary: '审核亲属关系 Verify or reject a relationship',
      body: z.object({ decision: z.enum(['verified', 'rejected']), reason: z.string().trim().min(1).max(500) }),
    },
  }, async (request) => reviewRelation(app.db, actionContext(app, request), request.params.id, request.body));

  app.get('/benefits/documents/:id', {
    preHandler: staff,
    schema: { tags: ['benefits'], params: idParam, summary: '证明材料 Download a proof document' },
  }, async (request, reply) => {
    const doc = await getDocument(app.db, requireUser(request), request.params.id);
    return reply.type(doc.mediaType).header('x-content-sha256', doc.sha256)
      .header('content-disposition', `inline; filename="document-${doc.id}"`).send(doc.content);
  });

  app.get('/benefits/claims', {
    preHandler: staff,
    schema: {
      tags: ['benefits'], summary: '报销申请 Claims (online and cross-province)',
      querystring: pageQuery.extend({ status: z.enum(['submitted', 'approved', 'rejected', 'paid']).optional(),
        channel: z.enum(['online', 'window', 'cross_province']).optional(), donorId: z.coerce.number().int().positive().optional() }),
    },
  }, async (request) => listClaims(app.db, requireUser(request), request.query));

  app.post('/benefits/claims', {
    preHandler: staff, bodyLimit: UPLOAD_BODY_LIMIT,
    schema: {
      tags: ['benefits'], summary: '提交报销申请 Submit a claim (invoice and proof documents; cross-province records name the station)',
      body: z.object({
        donorId: z.number().int().positive(), relation, beneficiaryName: z.string().trim().min(1).max(64),
        beneficiaryIdNumber: z.string().trim().min(1).max(32), channel: z.enum(['online', 'window', 'cross_province']),
        originStation: z.string().trim().max(100).nullish(), originProvince: z.string().trim().max(32).nullish(),
        hospitalName: z.string().trim().min(1).max(100), usedOn: day, volumeMl: z.number().int().min(1).max(100_000),
        invoiceFen: z.number().int().min(0).max(10_000_000_000), invoiceNo: z.string().max(64).nullish(),
        invoice: documentBody.nullish(), proof: documentBody.nullish(),
      }),
    },
  }, async (request, reply) => {
    requireStationUser(requireUser(request));
    return reply.status(201).send(await submitClaim(app.db, actionContext(app, request), request.body as never));
  });

  app.post('/benefits/claims/:id/review', {
    preHandler: staff,
    schema: {
      tags: ['benefits'], params: idParam, summary: '审核报销 Approve (books the entitlement) or reject a claim',
      body: z.object({ decision: z.enum(['approved', 'rejected']), note: z.string().trim().min(1).max(500) }),
    },
  }, async (request) => reviewClaim(app.db, actionContext(app, request), request.params.id, request.body));

  app.post('/benefits/claims/:id/pay', {
    preHandler: staff,
    schema: {
      tags: ['benefits'], params: idParam, summary: '支付登记 Record the payment of an approved claim',
      body: z.object({ paymentReference: z.string().trim().min(1).max(100) }),
    },
  }, async (request) => payClaim(app.db, actionContext(app, request), request.params.id, request.body));
};
