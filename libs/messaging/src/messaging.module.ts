import { DynamicModule, Global, Module } from '@nestjs/common';
import { KafkaClients } from './kafka-clients';
import { KAFKA_OPTIONS, type KafkaOptions } from './kafka-options';

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: KafkaOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [{ provide: KAFKA_OPTIONS, useValue: options }, KafkaClients],
      exports: [KAFKA_OPTIONS, KafkaClients],
    };
  }
}
