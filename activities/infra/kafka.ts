/** Kafka client, producer and topic set-up, shared by the worker's activities and the consumers. */
import { Kafka, logLevel, type Admin, type ITopicConfig, type KafkaConfig, type Producer } from 'kafkajs';
import { dlqTopic, inboundTopicNames } from '../../domain/contracts/inbound.js';
import { outboundTopicNames } from '../../domain/contracts/outbound.js';
import type { KafkaSecurity } from './config.js';
import type { Logger } from './logger.js';
import { readTlsFile } from './tls-files.js';

/** What every Kafka client (ours, the readiness probe) is given besides its brokers. */
export type KafkaConnectionSecurity = Pick<KafkaConfig, 'ssl' | 'sasl'>;

/** The settings' files read into kafkajs's options: `ssl: true` trusts the system's CAs. */
export function kafkaSecurityOptions(security: KafkaSecurity): KafkaConnectionSecurity {
  const options: KafkaConnectionSecurity = {};
  if (security.ssl) {
    const { caFile, certFile, keyFile } = security.ssl;
    options.ssl =
      caFile || certFile
        ? {
            ...(caFile ? { ca: [readTlsFile(caFile, 'KAFKA_SSL_CA_FILE')] } : {}),
            ...(certFile && keyFile ? { cert: readTlsFile(certFile, 'KAFKA_SSL_CERT_FILE'), key: readTlsFile(keyFile, 'KAFKA_SSL_KEY_FILE') } : {}),
          }
        : true;
  }
  if (security.sasl) {
    const { mechanism, username, password } = security.sasl;
    // Narrowed per branch: kafkajs types SASL options as a union keyed by the mechanism.
    options.sasl =
      mechanism === 'plain'
        ? { mechanism, username, password }
        : mechanism === 'scram-sha-256'
          ? { mechanism, username, password }
          : { mechanism, username, password };
  }
  return options;
}

export function createKafka(options: { brokers: string[]; clientId: string; security: KafkaConnectionSecurity; log: Logger }): Kafka {
  const { log } = options;
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ...options.security,
    // kafkajs logs connection retries at error level; route them through our logger at warn.
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }) => {
        const { message, ...rest } = entry;
        if (level <= logLevel.ERROR) log.warn({ kafka: rest }, message);
        else log.debug({ kafka: rest }, message);
      },
    retry: { retries: 8, initialRetryTime: 300 },
  });
}

/** Every topic of docs/contracts.md: inbound, their DLQs and outbound. */
export function contractTopics(): string[] {
  return [...inboundTopicNames, ...inboundTopicNames.map(dlqTopic), ...outboundTopicNames];
}

export async function ensureTopics(admin: Admin, topics: string[], partitions = 3): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing: ITopicConfig[] = topics.filter((t) => !existing.has(t)).map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 }));
  if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });
  return missing.map((t) => t.topic);
}

/** Idempotent producer: a retried send after a lost ack does not duplicate the record. */
export async function createProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  return producer;
}
