import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** A validation rule (cdk-nag or CloudFormation) the construct knowingly does not meet, and why. */
export interface RuleAcknowledgment {
  /**
   * Rule id as the validation report prints it, e.g. `AwsSolutions-S1`, or one finding of a rule,
   * e.g. `AwsSolutions-IAM5[Resource::*]`.
   */
  readonly id: string;
  /** Why the finding does not apply: shown in validation reports and listed in docs/security.md. */
  readonly reason: string;
}

/**
 * The same control under another cdk-nag pack's name. cdk-nag's HIPAA Security and PCI DSS 3.2.1 packs run
 * many of the NIST 800-53 R5 rules under their own prefix, and the Serverless pack repeats a few AWS
 * Solutions / NIST ones: one reasoned acknowledgement covers every pack that runs the same rule, so a user
 * adding those packs sees no finding the library has already answered, and no reason is written twice.
 * Rule names are those of cdk-nag 3.0.2 (the library does not load cdk-nag, so they are listed here).
 */
const HIPAA_RULES_SHARED_WITH_NIST = new Set((
  'ALBHttpToHttpsRedirection APIGWCacheEnabledAndEncrypted APIGWExecutionLoggingEnabled APIGWSSLEnabled '
  + 'AutoScalingGroupELBHealthCheckRequired AutoScalingLaunchConfigPublicIpDisabled '
  + 'CloudTrailCloudWatchLogsEnabled CloudTrailEncryptionEnabled CloudTrailLogFileValidationEnabled '
  + 'CloudWatchAlarmAction CloudWatchLogGroupEncrypted CloudWatchLogGroupRetentionPeriod '
  + 'DMSReplicationNotPublic DynamoDBAutoScalingEnabled DynamoDBInBackupPlan DynamoDBPITREnabled '
  + 'EC2EBSInBackupPlan EC2EBSOptimizedInstance EC2IMDSv2Enabled EC2InstanceNoPublicIp '
  + 'EC2InstanceProfileAttached EC2InstancesInVPC EC2RestrictedCommonPorts EC2RestrictedSSH '
  + 'ECSTaskDefinitionUserForHostMode EFSEncrypted EFSInBackupPlan ELBACMCertificateRequired '
  + 'ELBCrossZoneLoadBalancingEnabled ELBDeletionProtectionEnabled ELBLoggingEnabled '
  + 'ELBTlsHttpsListenersOnly ELBv2ACMCertificateRequired ElastiCacheRedisClusterAutomaticBackup '
  + 'ElasticBeanstalkEnhancedHealthReportingEnabled ElasticBeanstalkManagedUpdatesEnabled '
  + 'IAMNoInlinePolicy IAMPolicyNoStatementsWithAdminAccess IAMPolicyNoStatementsWithFullAccess '
  + 'IAMUserGroupMembership IAMUserNoPolicies LambdaConcurrency LambdaDLQ '
  + 'LambdaFunctionPublicAccessProhibited LambdaInsideVPC OpenSearchEncryptedAtRest '
  + 'OpenSearchErrorLogsToCloudWatch OpenSearchInVPCOnly OpenSearchNodeToNodeEncryption '
  + 'RDSEnhancedMonitoringEnabled RDSInBackupPlan RDSInstanceBackupEnabled '
  + 'RDSInstanceDeletionProtectionEnabled RDSInstancePublicAccess RDSLoggingEnabled RDSMultiAZSupport '
  + 'RDSStorageEncrypted RedshiftBackupEnabled RedshiftClusterConfiguration '
  + 'RedshiftClusterMaintenanceSettings RedshiftClusterPublicAccess RedshiftEnhancedVPCRoutingEnabled '
  + 'RedshiftRequireTlsSSL S3BucketLevelPublicAccessProhibited S3BucketLoggingEnabled '
  + 'S3BucketPublicReadProhibited S3BucketPublicWriteProhibited S3BucketReplicationEnabled '
  + 'S3BucketSSLRequestsOnly S3BucketVersioningEnabled S3DefaultEncryptionKMS SNSEncryptedKMS '
  + 'SageMakerEndpointConfigurationKMSKeyConfigured SageMakerNotebookInstanceKMSKeyConfigured '
  + 'SageMakerNotebookNoDirectInternetAccess SecretsManagerRotationEnabled SecretsManagerUsingKMSKey '
  + 'VPCDefaultSecurityGroupClosed VPCFlowLogsEnabled VPCNoUnrestrictedRouteToIGW '
  + 'VPCSubnetAutoAssignPublicIpDisabled WAFv2LoggingEnabled '
).trim().split(' '));
const PCI_RULES_SHARED_WITH_NIST = new Set((
  'ALBHttpToHttpsRedirection ALBWAFEnabled APIGWAssociatedWithWAF APIGWCacheEnabledAndEncrypted '
  + 'APIGWExecutionLoggingEnabled APIGWSSLEnabled AutoScalingGroupELBHealthCheckRequired '
  + 'AutoScalingLaunchConfigPublicIpDisabled CloudTrailCloudWatchLogsEnabled CloudTrailEncryptionEnabled '
  + 'CloudTrailLogFileValidationEnabled CloudWatchLogGroupEncrypted CloudWatchLogGroupRetentionPeriod '
  + 'DMSReplicationNotPublic EC2InstanceNoPublicIp EC2InstanceProfileAttached EC2InstancesInVPC '
  + 'EC2RestrictedCommonPorts EC2RestrictedSSH ECSTaskDefinitionUserForHostMode EFSEncrypted '
  + 'ELBACMCertificateRequired ELBLoggingEnabled ELBTlsHttpsListenersOnly ELBv2ACMCertificateRequired '
  + 'IAMNoInlinePolicy IAMPolicyNoStatementsWithAdminAccess IAMPolicyNoStatementsWithFullAccess '
  + 'IAMUserGroupMembership IAMUserNoPolicies KMSBackingKeyRotationEnabled '
  + 'LambdaFunctionPublicAccessProhibited LambdaInsideVPC OpenSearchEncryptedAtRest '
  + 'OpenSearchErrorLogsToCloudWatch OpenSearchInVPCOnly OpenSearchNodeToNodeEncryption '
  + 'RDSInstancePublicAccess RDSLoggingEnabled RDSStorageEncrypted RedshiftClusterConfiguration '
  + 'RedshiftClusterMaintenanceSettings RedshiftClusterPublicAccess RedshiftEnhancedVPCRoutingEnabled '
  + 'RedshiftRequireTlsSSL S3BucketLevelPublicAccessProhibited S3BucketLoggingEnabled '
  + 'S3BucketPublicReadProhibited S3BucketPublicWriteProhibited S3BucketReplicationEnabled '
  + 'S3BucketSSLRequestsOnly S3BucketVersioningEnabled S3DefaultEncryptionKMS SNSEncryptedKMS '
  + 'SageMakerEndpointConfigurationKMSKeyConfigured SageMakerNotebookInstanceKMSKeyConfigured '
  + 'SageMakerNotebookNoDirectInternetAccess SecretsManagerUsingKMSKey VPCDefaultSecurityGroupClosed '
  + 'VPCFlowLogsEnabled VPCNoUnrestrictedRouteToIGW VPCSubnetAutoAssignPublicIpDisabled '
  + 'WAFv2LoggingEnabled '
).trim().split(' '));
const SERVERLESS_EQUIVALENTS: { [id: string]: string } = {
  'NIST.800.53.R5-LambdaDLQ': 'Serverless-LambdaDLQ',
  'AwsSolutions-SF2': 'Serverless-StepFunctionStateMachineXray',
};
const NIST_PREFIX = 'NIST.800.53.R5-';

/** The id and its equivalents in the other packs (the `[finding]` suffix, if any, is kept). */
export function equivalentRuleIds(id: string): string[] {
  const match = /^([^[]+)(\[.*\])?$/.exec(id);
  const base = match?.[1] ?? id;
  const finding = match?.[2] ?? '';
  const ids = [id];
  if (base.startsWith(NIST_PREFIX)) {
    const rule = base.slice(NIST_PREFIX.length);
    if (HIPAA_RULES_SHARED_WITH_NIST.has(rule)) ids.push(`HIPAA.Security-${rule}${finding}`);
    if (PCI_RULES_SHARED_WITH_NIST.has(rule)) ids.push(`PCI.DSS.321-${rule}${finding}`);
  }
  if (SERVERLESS_EQUIVALENTS[base]) ids.push(`${SERVERLESS_EQUIVALENTS[base]}${finding}`);
  return ids;
}

/**
 * Acknowledges validation findings on a construct and everything below it, through aws-cdk-lib's
 * own `Validations.acknowledge` (which cdk-nag 3 honours), so the library needs no cdk-nag at run
 * time. Only for findings that follow from a documented design choice of the construct.
 */
export function acknowledgeRules(construct: IConstruct, rules: RuleAcknowledgment[]): void {
  // Validations.acknowledge records a stack trace per rule, so a report can show where it was made; for the
  // library's acknowledgments that is always here, and (source-mapped under tsx) capturing it was the library's
  // largest per-model cost at hundreds of models. Capture none; restored before returning.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    // Each id also acknowledges the same rule in the HIPAA, PCI DSS and Serverless packs (equivalentRuleIds).
    Validations.of(construct).acknowledge(...rules.flatMap((r) => equivalentRuleIds(r.id).map((id) => ({ id, reason: r.reason }))));
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

